//! `GET /openapi.json`: an OpenAPI 3.1 document of the served routes, from
//! the mappings' contracts: the declared input schema (or, without one,
//! what the mapping reads), and the declared output schema (or the one
//! the compiler infers).

use serde_json::{Value, json};

use crate::config::RouteKind;
use crate::routes::Routes;

/// The document.
pub fn document(routes: &Routes) -> Value {
    let mut paths = serde_json::Map::new();
    for route in routes.iter() {
        let mapping = &route.mapping;
        let input = mapping
            .contracts()
            .input
            .as_ref()
            .map_or_else(|| mapping.input_needs(), |s| s.value().clone());
        let output = mapping
            .contracts()
            .output
            .as_ref()
            .map_or_else(|| mapping.output_schema(), |s| s.value().clone());
        let problem = json!({"$ref": "#/components/responses/Problem"});
        let mut responses = serde_json::Map::new();
        match route.config.kind {
            RouteKind::Transform => {
                responses.insert(
                    "200".into(),
                    json!({
                        "description": "the mapped payload (NDJSON in, NDJSON out)",
                        "content": {
                            "application/json": {"schema": output},
                            "application/x-ndjson": {"schema": {"description": "one mapped record, or {record, error}, per line"}}
                        }
                    }),
                );
            }
            RouteKind::Webhook => {
                responses.insert(
                    "202".into(),
                    json!({"description": "accepted: persisted, to be delivered"}),
                );
            }
        }
        for status in ["400", "413", "415", "422", "429", "503"] {
            responses.insert(status.into(), problem.clone());
        }
        if route.config.auth.is_some() {
            responses.insert("401".into(), problem.clone());
        }
        let mut operation = json!({
            "operationId": route.config.path.trim_start_matches('/').replace('/', "_"),
            "summary": format!("mapping {}", route.mapping_label()),
            "requestBody": {
                "required": true,
                "content": {
                    "application/json": {"schema": input},
                    "application/x-ndjson": {"schema": {"description": "one record per line"}}
                }
            },
            "responses": responses,
        });
        if route.config.auth.is_some() {
            operation["security"] = json!([{"apiKey": []}, {"bearer": []}]);
        }
        paths.insert(route.config.path.clone(), json!({ "post": operation }));
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "ferry serve", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "bearer": {"type": "http", "scheme": "bearer"}
            },
            "responses": {
                "Problem": {
                    "description": "RFC 9457 problem details, with Ferry's code and the JSON Pointer at fault",
                    "content": {"application/problem+json": {"schema": {
                        "type": "object",
                        "required": ["type", "title", "status", "code"],
                        "properties": {
                            "type": {"type": "string"},
                            "title": {"type": "string"},
                            "status": {"type": "integer"},
                            "detail": {"type": "string"},
                            "code": {"type": "string"},
                            "pointer": {"type": "string"},
                            "violations": {"type": "array"}
                        }
                    }}}
                }
            }
        }
    })
}
