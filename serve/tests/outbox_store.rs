//! The outbox store without a worker: enqueue, restart, the
//! de-duplication window, listing, purge, and what it refuses.

use std::time::{Duration, SystemTime};

use ferry_serve::outbox::{
    Delivery, Enqueued, EntryState, Outbox, OutboxError, Selection, StateFilter,
};

fn delivery(event_id: Option<&str>) -> Delivery {
    Delivery {
        route: "orders".into(),
        target: "http://127.0.0.1:9/hook".into(),
        body: br#"{"order":1}"#.to_vec(),
        content_type: "application/json".into(),
        headers: vec![(
            "traceparent".into(),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".into(),
        )],
        event_id: event_id.map(str::to_owned),
    }
}

fn temp_outbox() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("outbox.redb");
    (dir, path)
}

const SECOND: Duration = Duration::from_secs(1);

#[tokio::test]
async fn enqueued_entries_are_pending_and_listed_oldest_first() {
    let (_dir, path) = temp_outbox();
    let outbox = Outbox::open(&path).unwrap();
    let first = outbox.enqueue(delivery(Some("e1"))).await.unwrap();
    let second = outbox.enqueue(delivery(None)).await.unwrap();
    assert!(second > first);

    let listed = outbox.list(StateFilter::Pending, 10).await.unwrap();
    assert_eq!(
        listed.iter().map(|e| e.id).collect::<Vec<_>>(),
        [first, second]
    );
    let entry = &listed[0];
    assert_eq!(entry.state, EntryState::Pending);
    assert_eq!(entry.attempts, 0);
    assert_eq!(entry.route, "orders");
    assert_eq!(entry.event_id.as_deref(), Some("e1"));
    assert!(entry.next_attempt.is_some());
    assert_eq!(entry.last_error, None);

    assert_eq!(outbox.list(StateFilter::Pending, 1).await.unwrap().len(), 1);
    assert!(outbox.list(StateFilter::Dead, 10).await.unwrap().is_empty());
    let stats = outbox.stats().await.unwrap();
    assert_eq!((stats.pending, stats.dead), (2, 0));
    assert!(stats.oldest_pending_age.is_some());
}

#[tokio::test]
async fn entries_and_remembered_ids_survive_a_restart() {
    let (_dir, path) = temp_outbox();
    let window = 3600 * SECOND;
    let now = SystemTime::now();
    let (first, second) = {
        let outbox = Outbox::open(&path).unwrap();
        let first = outbox.enqueue(delivery(None)).await.unwrap();
        let Enqueued::New(second) = outbox
            .enqueue_once(delivery(Some("e1")), window, now)
            .await
            .unwrap()
        else {
            panic!("a new event id is enqueued");
        };
        (first, second)
    };
    let outbox = Outbox::open(&path).unwrap();
    let ids: Vec<_> = outbox
        .list(StateFilter::All, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, [first, second]);
    assert_eq!(
        outbox
            .enqueue_once(delivery(Some("e1")), window, now + SECOND)
            .await
            .unwrap(),
        Enqueued::Duplicate
    );
    let third = outbox.enqueue(delivery(None)).await.unwrap();
    assert!(third > second, "ids are never reused across a restart");
}

#[tokio::test]
async fn a_second_open_of_the_same_file_is_refused() {
    let (_dir, path) = temp_outbox();
    let _outbox = Outbox::open(&path).unwrap();
    let error = Outbox::open(&path).unwrap_err();
    assert!(matches!(error, OutboxError::AlreadyOpen { .. }), "{error}");
}

#[tokio::test]
async fn a_repeated_event_id_is_refused_within_the_window_and_accepted_after() {
    let (_dir, path) = temp_outbox();
    let outbox = Outbox::open(&path).unwrap();
    let t0 = SystemTime::now();
    let window = 10 * SECOND;
    assert!(outbox.first_seen("orders", "e1", window, t0).await.unwrap());
    assert!(
        !outbox
            .first_seen("orders", "e1", window, t0 + 5 * SECOND)
            .await
            .unwrap()
    );
    assert!(
        outbox
            .first_seen("refunds", "e1", window, t0 + 5 * SECOND)
            .await
            .unwrap(),
        "ids are per route"
    );
    // The window runs from the first sighting; the repeat did not extend it.
    assert!(
        outbox
            .first_seen("orders", "e1", window, t0 + 11 * SECOND)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn enqueue_once_stores_nothing_for_a_duplicate() {
    let (_dir, path) = temp_outbox();
    let outbox = Outbox::open(&path).unwrap();
    let t0 = SystemTime::now();
    let window = 10 * SECOND;
    assert!(matches!(
        outbox
            .enqueue_once(delivery(Some("e1")), window, t0)
            .await
            .unwrap(),
        Enqueued::New(_)
    ));
    assert_eq!(
        outbox
            .enqueue_once(delivery(Some("e1")), window, t0 + SECOND)
            .await
            .unwrap(),
        Enqueued::Duplicate
    );
    assert_eq!(outbox.stats().await.unwrap().pending, 1);
    assert!(matches!(
        outbox
            .enqueue_once(delivery(Some("e1")), window, t0 + 11 * SECOND)
            .await
            .unwrap(),
        Enqueued::New(_)
    ));
    // Without an event id there is nothing to de-duplicate on.
    assert!(matches!(
        outbox
            .enqueue_once(delivery(None), window, t0)
            .await
            .unwrap(),
        Enqueued::New(_)
    ));
    assert!(matches!(
        outbox
            .enqueue_once(delivery(None), window, t0)
            .await
            .unwrap(),
        Enqueued::New(_)
    ));
    assert_eq!(outbox.stats().await.unwrap().pending, 4);
}

#[tokio::test]
async fn expired_event_ids_are_pruned() {
    let (_dir, path) = temp_outbox();
    let outbox = Outbox::open(&path).unwrap();
    let t0 = SystemTime::now();
    for n in 0..100 {
        assert!(
            outbox
                .first_seen("orders", &format!("old-{n}"), SECOND, t0)
                .await
                .unwrap()
        );
    }
    assert_eq!(outbox.stats().await.unwrap().remembered_event_ids, 100);
    let later = t0 + 2 * SECOND;
    for n in 0..5 {
        assert!(
            outbox
                .first_seen("orders", &format!("new-{n}"), SECOND, later)
                .await
                .unwrap()
        );
    }
    assert_eq!(
        outbox.stats().await.unwrap().remembered_event_ids,
        5,
        "only live ids are kept"
    );
}

#[tokio::test]
async fn purge_deletes_chosen_entries_whatever_their_state() {
    let (_dir, path) = temp_outbox();
    let outbox = Outbox::open(&path).unwrap();
    let first = outbox.enqueue(delivery(None)).await.unwrap();
    let second = outbox.enqueue(delivery(None)).await.unwrap();
    assert_eq!(
        outbox
            .purge(Selection::Ids(vec![first, first]))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        outbox.purge(Selection::AllDead).await.unwrap(),
        0,
        "no dead entries"
    );
    let left: Vec<_> = outbox
        .list(StateFilter::All, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(left, [second]);
    // Replay touches dead entries only.
    assert_eq!(
        outbox.replay(Selection::Ids(vec![second])).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn unusable_deliveries_are_refused_before_they_are_stored() {
    let (_dir, path) = temp_outbox();
    let outbox = Outbox::open(&path).unwrap();
    let with_target = |target: &str| Delivery {
        target: target.into(),
        ..delivery(None)
    };
    let with_header = |name: &str, value: &str| Delivery {
        headers: vec![(name.into(), value.into())],
        ..delivery(None)
    };
    for bad in [
        with_target("ftp://example.invalid/x"),
        with_target("/relative"),
        with_target("not a url"),
    ] {
        let error = outbox.enqueue(bad).await.unwrap_err();
        assert!(
            matches!(error, OutboxError::InvalidTarget { .. }),
            "{error}"
        );
    }
    for bad in [
        with_header("content-length", "3"),
        with_header("Idempotency-Key", "x"),
        with_header("x-a", "line\nbreak"),
        with_header("bad header", "x"),
    ] {
        let error = outbox.enqueue(bad).await.unwrap_err();
        assert!(
            matches!(error, OutboxError::InvalidHeader { .. }),
            "{error}"
        );
    }
    assert_eq!(outbox.stats().await.unwrap().pending, 0);
}

#[test]
fn entry_ids_print_and_parse_as_numbers() {
    let id: ferry_serve::outbox::EntryId = "42".parse().unwrap();
    assert_eq!(id.to_string(), "42");
    assert!("x".parse::<ferry_serve::outbox::EntryId>().is_err());
}
