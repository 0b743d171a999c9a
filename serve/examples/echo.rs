//! The baseline of the service benchmark (benches/scripts/serve_load.sh):
//! a bare axum route that reads a JSON body the way `ferry serve` does and
//! sends it back, on the same runtime and stack, so the ratio between the
//! two shows what mapping costs on top of HTTP.
//!
//! `cargo run --release -p ferry-serve --example echo -- 127.0.0.1:8091`

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::post;

async fn echo(body: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], body)
}

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8091".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|e| panic!("cannot listen on {addr}: {e}"));
    let app = Router::new().route("/echo", post(echo));
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("error: {e}");
    }
}
