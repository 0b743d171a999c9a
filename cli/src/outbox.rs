//! `ferry outbox list|replay|purge CONFIG`: the webhook outbox of a
//! `ferry serve` configuration, on its file. The service holds the file
//! while it runs: stop it first (or scale to zero), then operate.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use ferry_serve::config::Config;
use ferry_serve::outbox::{EntryId, EntrySummary, Outbox, Selection, StateFilter};

use crate::Outcome;

/// Inspect and operate the outbox of webhook deliveries.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  ferry outbox list serve.toml --dead
  ferry outbox replay serve.toml --all-dead
  ferry outbox purge serve.toml 17 18")]
pub struct OutboxArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// List entries waiting for delivery, or dead ones.
    List {
        /// The `ferry serve` configuration.
        config: PathBuf,
        /// Only dead entries (default: pending and dead).
        #[arg(long)]
        dead: bool,
        /// Only pending entries.
        #[arg(long, conflicts_with = "dead")]
        pending: bool,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Put dead entries back in the queue, their attempts reset.
    Replay {
        config: PathBuf,
        /// Every dead entry.
        #[arg(long, conflicts_with = "ids")]
        all_dead: bool,
        /// These entries.
        ids: Vec<u64>,
    },
    /// Delete entries for good.
    Purge {
        config: PathBuf,
        /// Every dead entry.
        #[arg(long, conflicts_with = "ids")]
        all_dead: bool,
        /// These entries, whatever their state.
        ids: Vec<u64>,
    },
}

pub fn outbox(args: OutboxArgs) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return Outcome::Failed;
        }
    };
    runtime.block_on(run(args.action))
}

fn open(config: &Path) -> Result<Outbox, String> {
    let parsed = Config::read(config).map_err(|e| e.to_string())?;
    let base = config.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = base.join(&parsed.server.outbox);
    if !path.exists() {
        return Err(format!(
            "no outbox at `{}`: no webhook was received yet",
            path.display()
        ));
    }
    Outbox::open(&path).map_err(|e| format!("cannot open the outbox `{}`: {e}", path.display()))
}

fn selection(all_dead: bool, ids: Vec<u64>) -> Result<Selection, String> {
    match (all_dead, ids.is_empty()) {
        (true, _) => Ok(Selection::AllDead),
        (false, false) => Ok(Selection::Ids(ids.into_iter().map(EntryId).collect())),
        (false, true) => Err("name the entries, or give --all-dead".to_owned()),
    }
}

async fn run(action: Action) -> Outcome {
    let result = match action {
        Action::List {
            config,
            dead,
            pending,
            limit,
            json,
        } => list(&config, dead, pending, limit, json).await,
        Action::Replay {
            config,
            all_dead,
            ids,
        } => match selection(all_dead, ids) {
            Ok(selection) => match open(&config) {
                Ok(outbox) => outbox
                    .replay(selection)
                    .await
                    .map(|n| {
                        println!(
                            "{n} entr{} back in the queue",
                            if n == 1 { "y" } else { "ies" }
                        )
                    })
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        },
        Action::Purge {
            config,
            all_dead,
            ids,
        } => match selection(all_dead, ids) {
            Ok(selection) => match open(&config) {
                Ok(outbox) => outbox
                    .purge(selection)
                    .await
                    .map(|n| println!("{n} entr{} deleted", if n == 1 { "y" } else { "ies" }))
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => Outcome::Success,
        Err(message) => {
            eprintln!("error: {message}");
            Outcome::Failed
        }
    }
}

async fn list(
    config: &Path,
    dead: bool,
    pending: bool,
    limit: usize,
    json: bool,
) -> Result<(), String> {
    let outbox = open(config)?;
    let filter = match (dead, pending) {
        (true, _) => StateFilter::Dead,
        (_, true) => StateFilter::Pending,
        _ => StateFilter::All,
    };
    let entries = outbox
        .list(filter, limit)
        .await
        .map_err(|e| e.to_string())?;
    if json {
        for e in &entries {
            println!("{}", entry_json(e));
        }
    } else {
        println!(
            "{:>6}  {:<8} {:>8}  {:<24} {:<20} last",
            "id", "state", "attempts", "route", "event"
        );
        for e in &entries {
            let last = match (&e.last_status, &e.last_error) {
                (Some(status), _) => format!("HTTP {status}"),
                (None, Some(error)) => error.clone(),
                _ => String::new(),
            };
            println!(
                "{:>6}  {:<8} {:>8}  {:<24} {:<20} {last}",
                e.id.0,
                format!("{:?}", e.state).to_lowercase(),
                e.attempts,
                e.route,
                e.event_id.as_deref().unwrap_or("-"),
            );
        }
    }
    let stats = outbox.stats().await.map_err(|e| e.to_string())?;
    eprintln!("ferry: {} pending, {} dead", stats.pending, stats.dead);
    Ok(())
}

fn seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn entry_json(e: &EntrySummary) -> serde_json::Value {
    serde_json::json!({
        "id": e.id.0,
        "state": format!("{:?}", e.state).to_lowercase(),
        "route": e.route,
        "target": e.target,
        "event_id": e.event_id,
        "attempts": e.attempts,
        "created": seconds(e.created),
        "next_attempt": e.next_attempt.map(seconds),
        "last_status": e.last_status,
        "last_error": e.last_error,
    })
}
