//! `ferry serve CONFIG`: the mappings of a configuration file behind HTTP
//! (see docs/serve.md). The service itself is the `ferry-serve` library.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::Outcome;

/// Serve mappings over HTTP: transform routes and webhook receivers.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  ferry serve serve.toml
  ferry serve serve.toml --check          # compile everything, then exit
  ferry serve serve.toml --listen 127.0.0.1:0
Signals: SIGTERM/SIGINT drain and stop, SIGHUP reloads the configuration.")]
pub struct ServeArgs {
    /// The configuration file (TOML; docs/schemas/serve.schema.json).
    #[arg(value_name = "CONFIG")]
    config: PathBuf,
    /// Compile every route's mapping and contracts, print the routes, and exit.
    #[arg(long)]
    check: bool,
    /// Listen here instead of the configured address.
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
}

pub fn serve(args: ServeArgs) -> Outcome {
    if args.check {
        return match ferry_serve::check(&args.config) {
            Ok(routes) => {
                for route in routes.iter() {
                    println!("{}  {}", route.config.path, route.mapping_label());
                }
                Outcome::Success
            }
            Err(errors) => {
                eprintln!("error: {errors}");
                Outcome::Failed
            }
        };
    }
    ferry_serve::observe::init_logs();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return Outcome::Failed;
        }
    };
    match runtime.block_on(ferry_serve::serve(&args.config, args.listen)) {
        Ok(()) => Outcome::Success,
        Err(message) => {
            eprintln!("error: {message}");
            Outcome::Failed
        }
    }
}
