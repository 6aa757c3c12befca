//! Storage on both databases: migrations, schema parity, the audit chain,
//! backup and restore.

use crate::both;
use crate::support::*;
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome};
use kompas_store::migrate::{self, Migration};
use kompas_store::{audit, backup, schema, Db};

fn entry(n: usize) -> AuditEntry {
    AuditEntry {
        at: kompas_store::time::to_db(chrono::Utc::now()),
        actor_user_id: Some(1),
        actor_username: Some("beheer".into()),
        actor_role: Some("admin".into()),
        actor_organization_id: None,
        municipality_id: Some(1),
        action: AuditAction::Read,
        object_type: "household".into(),
        object_id: Some(n.to_string()),
        subject: Some(format!("household:{n}")),
        purpose: Some("test".into()),
        legal_ground: None,
        outcome: AuditOutcome::Success,
        detail: None,
    }
}

async fn migrated(backend: Backend, dir: &TempDir) -> Option<Db> {
    let url = fresh_database(backend, dir).await?;
    let db = Db::connect(&url).await.expect("connect");
    migrate::run(&db).await.expect("migrate");
    Some(db)
}

both!(
    migrations_are_idempotent_and_versioned,
    |backend| async move {
        let dir = TempDir::new("kompas-mig");
        let Some(db) = migrated(backend, &dir).await else {
            return;
        };
        let newest = migrate::for_kind(db.kind()).last().unwrap().version;
        assert_eq!(migrate::current_version(&db).await.unwrap(), newest);
        assert!(
            migrate::run(&db).await.unwrap().is_empty(),
            "second run applies nothing"
        );
    }
);

/// Two instances started at once against one fresh PostgreSQL both come up:
/// one applies each migration, the other finds it done.
#[tokio::test]
async fn instances_starting_together_migrate_once() {
    let dir = TempDir::new("kompas-mig-race");
    let Some(url) = fresh_database(Backend::Postgres, &dir).await else {
        return;
    };
    let a = Db::connect(&url).await.expect("connect");
    let b = Db::connect(&url).await.expect("connect");
    let (ra, rb) = tokio::join!(migrate::run(&a), migrate::run(&b));
    let (ra, rb) = (ra.expect("first instance"), rb.expect("second instance"));
    let all = migrate::for_kind(a.kind()).len();
    assert_eq!(ra.len() + rb.len(), all, "{ra:?} {rb:?}");
    assert!(ra.is_empty() || rb.is_empty(), "{ra:?} {rb:?}");
    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations")
        .fetch_one(a.reader())
        .await
        .unwrap();
    assert_eq!(applied, all as i64);
}

both!(
    a_failing_migration_leaves_the_version_it_had,
    |backend| async move {
        let dir = TempDir::new("kompas-mig-fail");
        let Some(db) = migrated(backend, &dir).await else {
            return;
        };
        let before = migrate::current_version(&db).await.unwrap();
        let mut list = migrate::for_kind(db.kind()).to_vec();
        list.push(Migration {
        version: before + 1,
        name: "broken",
        sql: "CREATE TABLE half_done (id BIGINT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);",
    });
        let err = migrate::run_list(&db, &list).await.unwrap_err().to_string();
        assert!(err.contains("migratie"), "{err}");
        assert_eq!(migrate::current_version(&db).await.unwrap(), before);
        let tables = schema::read(&db).await.unwrap().tables;
        assert!(
            !tables.contains_key("half_done"),
            "the half-done table was rolled back"
        );
    }
);

both!(
    a_changed_applied_migration_is_refused,
    |backend| async move {
        let dir = TempDir::new("kompas-mig-changed");
        let Some(db) = migrated(backend, &dir).await else {
            return;
        };
        let mut list = migrate::for_kind(db.kind()).to_vec();
        list[0].sql = "CREATE TABLE something_else (id BIGINT);";
        let err = migrate::run_list(&db, &list).await.unwrap_err().to_string();
        assert!(err.contains("veranderd"), "{err}");
    }
);

/// A fresh, empty database of each kind, or None when PostgreSQL is absent.
async fn two_databases(dir: &TempDir) -> Option<(Db, Db)> {
    let sqlite = Db::connect(&fresh_database(Backend::Sqlite, dir).await?)
        .await
        .expect("connect");
    let pg = Db::connect(&fresh_database(Backend::Postgres, dir).await?)
        .await
        .expect("connect");
    Some((sqlite, pg))
}

fn said(d: &[schema::Difference]) -> String {
    d.iter().map(|d| format!("\n  {d}")).collect()
}

#[tokio::test]
async fn both_migration_sets_make_the_same_schema() {
    let dir = TempDir::new("kompas-parity");
    let Some((sqlite, pg)) = two_databases(&dir).await else {
        return;
    };
    migrate::run(&sqlite).await.expect("migrate sqlite");
    migrate::run(&pg).await.expect("migrate postgres");
    let a = schema::read(&sqlite).await.unwrap();
    let b = schema::read(&pg).await.unwrap();
    // Read in depth, not just names: keys, defaults and partial indexes are there.
    assert!(a.tables.len() > 30 && a.indexes.len() > 30, "{a:?}");
    let cases = &a.tables["cases"];
    assert!(!cases.foreign_keys.is_empty() && cases.primary_key == ["id"]);
    assert!(a.tables["areas"]
        .uniques
        .contains(&vec!["cbs_code".to_string()]));
    assert_eq!(
        a.tables["offers"].columns["hours"].default.as_deref(),
        Some("'[]'")
    );
    assert!(a.indexes["cases_one_current"].partial && a.indexes["cases_one_current"].unique);
    let d = schema::differences("migrations/sqlite", &a, "migrations/postgres", &b);
    assert!(
        d.is_empty(),
        "migrations/sqlite and migrations/postgres must stay in step:{}",
        said(&d)
    );
}

/// The parity check itself, on real databases: two migration sets that
/// differ in one column's type and one index are caught, and nothing else is
/// reported (identity columns, casts and constraint names are not differences).
#[tokio::test]
async fn the_parity_check_catches_a_changed_type_and_index() {
    let dir = TempDir::new("kompas-parity-check");
    let Some((sqlite, pg)) = two_databases(&dir).await else {
        return;
    };
    let sqlite_sql = "CREATE TABLE things (id INTEGER PRIMARY KEY, \
        owner_id INTEGER NOT NULL REFERENCES things (id), code TEXT NOT NULL UNIQUE, \
        note TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0); \
        CREATE INDEX things_owner ON things (owner_id); \
        CREATE INDEX things_note ON things (note);";
    let pg_sql = "CREATE TABLE things (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \
        owner_id BIGINT NOT NULL REFERENCES things (id), code TEXT NOT NULL UNIQUE, \
        note TEXT NOT NULL DEFAULT '', size TEXT NOT NULL DEFAULT 0); \
        CREATE INDEX things_owner ON things (owner_id, code);";
    for (db, sql) in [(&sqlite, sqlite_sql), (&pg, pg_sql)] {
        let list = [Migration {
            version: 1,
            name: "things",
            sql,
        }];
        migrate::run_list(db, &list).await.unwrap();
    }
    let a = schema::read(&sqlite).await.unwrap();
    let b = schema::read(&pg).await.unwrap();
    let d: Vec<String> = schema::differences("sqlite", &a, "postgres", &b)
        .into_iter()
        .map(|d| d.0)
        .filter(|d| !d.contains("schema_migrations"))
        .collect();
    assert_eq!(
        d,
        [
            "things.size: type Integer in sqlite, Text in postgres",
            "index things_note: only in sqlite",
            "index things_owner: Index { table: \"things\", columns: [\"owner_id\"], unique: false, partial: false } in sqlite, \
             Index { table: \"things\", columns: [\"owner_id\", \"code\"], unique: false, partial: false } in postgres",
        ]
    );
}

both!(
    the_audit_chain_detects_a_changed_row,
    |backend| async move {
        let dir = TempDir::new("kompas-audit");
        let Some(db) = migrated(backend, &dir).await else {
            return;
        };
        for n in 1..=20 {
            audit::record(&db, &entry(n)).await.unwrap();
        }
        assert_eq!(
            audit::verify(&db).await.unwrap(),
            audit::Verification::Intact { rows: 20 }
        );
        // Someone edits row 7 by hand.
        sqlx::query("UPDATE audit_log SET purpose = 'iets anders' WHERE seq = 7")
            .execute(db.writer())
            .await
            .unwrap();
        match audit::verify(&db).await.unwrap() {
            audit::Verification::Broken(b) => assert_eq!(b.seq, 7, "{b}"),
            other => panic!("expected a break, got {other:?}"),
        }
    }
);

both!(
    the_audit_chain_detects_removed_rows_at_the_end,
    |backend| async move {
        let dir = TempDir::new("kompas-audit-tail");
        let Some(db) = migrated(backend, &dir).await else {
            return;
        };
        for n in 1..=5 {
            audit::record(&db, &entry(n)).await.unwrap();
        }
        sqlx::query("DELETE FROM audit_log WHERE seq = 5")
            .execute(db.writer())
            .await
            .unwrap();
        assert!(matches!(
            audit::verify(&db).await.unwrap(),
            audit::Verification::Broken(_)
        ));
    }
);

both!(
    concurrent_appends_keep_one_unbroken_chain,
    |backend| async move {
        let dir = TempDir::new("kompas-audit-conc");
        let Some(db) = migrated(backend, &dir).await else {
            return;
        };
        let mut tasks = Vec::new();
        for t in 0..8 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                for n in 0..25 {
                    audit::record(&db, &entry(t * 100 + n)).await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(
            audit::verify(&db).await.unwrap(),
            audit::Verification::Intact { rows: 200 }
        );
    }
);

// Backup from one database kind, restore into the other (and the same), and
// compare every table.
both!(
    backup_restores_everything_on_either_database,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("redacteur").await;
        let mut file = Vec::new();
        let summary = backup::backup(&app.db, &mut file).await.unwrap();
        assert!(summary.rows > 10);
        for target in [Backend::Sqlite, Backend::Postgres] {
            let dir = TempDir::new("kompas-restore");
            let Some(copy) = migrated(target, &dir).await else {
                continue;
            };
            let restored = backup::restore(&copy, std::io::Cursor::new(&file))
                .await
                .unwrap();
            assert_eq!(restored.rows, summary.rows);
            assert_eq!(
                audit::verify(&copy).await.unwrap(),
                audit::verify(&app.db).await.unwrap()
            );
            let mut again = Vec::new();
            backup::backup(&copy, &mut again).await.unwrap();
            let body = |b: &[u8]| {
                String::from_utf8_lossy(b)
                    .lines()
                    .skip(1)
                    .map(String::from)
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                body(&again),
                body(&file),
                "restored data equals the original ({target:?})"
            );
            // Ids continue after the restored ones.
            let mut tx = copy.writer().begin().await.unwrap();
            let id = kompas_store::tenancy::create_region(&mut tx, "Nieuwe regio")
                .await
                .unwrap();
            assert!(id > 1);
        }
    }
);

both!(
    restore_refuses_a_cut_off_file_and_changes_nothing,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let mut file = Vec::new();
        backup::backup(&app.db, &mut file).await.unwrap();
        let text = String::from_utf8(file).unwrap();
        let cut: String = text
            .lines()
            .take(text.lines().count() - 3)
            .collect::<Vec<_>>()
            .join("\n");
        let dir = TempDir::new("kompas-restore-cut");
        let Some(copy) = migrated(backend, &dir).await else {
            return;
        };
        let err = backup::restore(&copy, std::io::Cursor::new(cut))
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("onvolledig"), "{err}");
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(copy.reader())
            .await
            .unwrap();
        assert_eq!(users, 0, "nothing was restored");
        // And a restore into a database that has data is refused.
        let err = backup::restore(&app.db, std::io::Cursor::new(text))
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("lege database"), "{err}");
    }
);
