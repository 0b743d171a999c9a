//! RFC 9457 problem details: every refusal and failure is an
//! `application/problem+json` body with Ferry's code, the JSON Pointer of
//! the input value at fault, and for contract violations each violation
//! with its schema keyword.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ferry_engine::{RunError, codes};
use serde_json::{Value, json};

/// A problem to answer with.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// Ferry's code (`E0408`) or the service's (`unauthorized`).
    pub code: String,
    /// A short, stable summary of the problem type.
    pub title: &'static str,
    /// This occurrence, for a person.
    pub detail: String,
    /// Further members (`pointer`, `violations`, `record`).
    pub extra: serde_json::Map<String, Value>,
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    pub headers: Vec<(&'static str, String)>,
}

impl Problem {
    /// A problem without extra members.
    pub fn new(
        status: StatusCode,
        code: &str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Problem {
        Problem {
            status,
            code: code.to_owned(),
            title,
            detail: detail.into(),
            extra: serde_json::Map::new(),
            headers: Vec::new(),
        }
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Problem {
        self.headers.push((name, value.into()));
        self
    }

    /// A record that could not be mapped: 422 for contract violations and
    /// mapping errors on a well-formed payload, 503 when the service was
    /// stopping (`E0507`).
    pub fn from_run_error(error: &RunError) -> Problem {
        let info = error.info();
        let (status, title) = match info.code.as_str() {
            codes::INPUT_CONTRACT => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "the payload violates the input contract",
            ),
            codes::OUTPUT_CONTRACT => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "the mapped payload would violate the output contract",
            ),
            codes::MALFORMED_RECORD => (StatusCode::BAD_REQUEST, "the payload is malformed"),
            codes::INTERRUPTED => (StatusCode::SERVICE_UNAVAILABLE, "the service is stopping"),
            codes::WORK_LIMIT
            | codes::MEMORY_LIMIT
            | codes::RECORD_TOO_LARGE
            | codes::STRING_TOO_LARGE => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "the payload needs more than a request may take",
            ),
            _ => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "the payload cannot be mapped",
            ),
        };
        // The engine's error object, whose values are already masked where
        // a schema marks them sensitive: pointer, violations, location.
        // The service's directories are its own business: files are named
        // by their file name only.
        let mut details = error.to_json();
        let mut dirs = Vec::new();
        hide_directories(&mut details, &mut dirs);
        let mut detail = info.message.clone();
        for dir in &dirs {
            detail = detail.replace(dir.as_str(), "");
        }
        let mut problem = Problem::new(status, &info.code, title, detail);
        if let Value::Object(details) = details {
            for (key, value) in details {
                if matches!(key.as_str(), "code" | "message") {
                    continue;
                }
                problem.extra.insert(key, value);
            }
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            problem = problem.with_header("retry-after", "1");
        }
        problem
    }

    /// The problem as JSON (also one line of a batch response).
    pub fn to_json(&self) -> Value {
        let mut body = json!({
            "type": format!("https://ferry.dev/problems/{}", self.code),
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
            "code": self.code,
        });
        if let Value::Object(map) = &mut body {
            map.extend(self.extra.clone());
        }
        body
    }
}

/// Replaces the paths under `schema` and `file` members with their file
/// names, collecting the directories (with their trailing `/`) removed.
fn hide_directories(value: &mut Value, dirs: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.iter_mut() {
                match (key.as_str(), &*member) {
                    ("schema" | "file", Value::String(path)) => {
                        if let Some(slash) = path.rfind('/') {
                            let dir = path[..=slash].to_owned();
                            let name = path[slash + 1..].to_owned();
                            if !dirs.contains(&dir) {
                                dirs.push(dir);
                            }
                            *member = Value::String(name);
                        }
                    }
                    _ => hide_directories(member, dirs),
                }
            }
            // `message`s quote the paths too.
            for (key, member) in members.iter_mut() {
                if key == "message"
                    && let Value::String(text) = member
                {
                    for dir in dirs.iter() {
                        *text = text.replace(dir.as_str(), "");
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| hide_directories(v, dirs)),
        _ => {}
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.to_json()).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_violation_is_422_with_its_pointer_and_keyword() {
        let dir = std::env::temp_dir().join(format!("ferry-serve-problem-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("in.json"),
            r#"{"type":"object","properties":{"qty":{"type":"integer","minimum":1}},"required":["qty"]}"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("m.map"),
            "input schema \"in.json\"\n{ qty: $.qty }",
        )
        .unwrap();
        let mapping = ferry_engine::Mapping::compile_file(dir.join("m.map")).unwrap();
        let error = mapping.apply(&json!({"qty": 0})).unwrap_err();
        let problem = Problem::from_run_error(&error);
        assert_eq!(problem.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = problem.to_json();
        assert_eq!(body["code"], "E0408");
        assert_eq!(body["status"], 422);
        assert_eq!(body["violations"][0]["pointer"], "/qty");
        assert_eq!(body["violations"][0]["keyword"], "minimum");
        assert_eq!(body["schema"], "in.json", "no directory of the service's");
        let text = body.to_string();
        assert!(!text.contains(&dir.display().to_string()), "{text}");
    }
}
