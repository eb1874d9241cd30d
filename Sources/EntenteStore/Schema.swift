import GRDB

/// The workspace database's versioned migrations. Never edit a shipped migration: add one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE agreement (
                    id TEXT PRIMARY KEY NOT NULL,
                    latest_version INTEGER NOT NULL
                );
                -- Every text version is kept: an amendment adds one, the old text stays readable.
                CREATE TABLE agreement_version (
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    version INTEGER NOT NULL,
                    xml TEXT NOT NULL,
                    model_json TEXT NOT NULL,
                    file TEXT NOT NULL,
                    warnings_json TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    PRIMARY KEY (agreement_id, version)
                );
                CREATE TABLE file_sync (
                    path TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    agreement_id TEXT
                );
                CREATE TABLE action_plan (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    period_start TEXT NOT NULL,
                    period_end TEXT NOT NULL,
                    status TEXT NOT NULL,
                    approved_on TEXT,
                    approved_meeting_id INTEGER
                );
                CREATE TABLE plan_item (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    plan_id INTEGER NOT NULL REFERENCES action_plan(id),
                    title TEXT NOT NULL,
                    domains_json TEXT NOT NULL,
                    start TEXT,
                    due TEXT,
                    lead_party TEXT,
                    progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100)
                );
                CREATE TABLE activity (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    title TEXT NOT NULL,
                    description TEXT,
                    start TEXT NOT NULL,
                    "end" TEXT,
                    status TEXT NOT NULL,
                    outcomes TEXT,
                    plan_item_id INTEGER REFERENCES plan_item(id),
                    domains_json TEXT NOT NULL,
                    means_json TEXT NOT NULL,
                    parties_json TEXT NOT NULL,
                    participants_json TEXT NOT NULL,
                    costs_json TEXT NOT NULL
                );
                CREATE INDEX activity_by_agreement ON activity(agreement_id, start);
                CREATE INDEX activity_by_status ON activity(status);
                CREATE TABLE meeting (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    body TEXT NOT NULL,
                    date TEXT NOT NULL,
                    agenda_json TEXT NOT NULL,
                    attendees_json TEXT NOT NULL,
                    decisions_json TEXT NOT NULL,
                    approved_plan_id INTEGER REFERENCES action_plan(id),
                    approved_report_id INTEGER,
                    minutes_closed INTEGER NOT NULL DEFAULT 0,
                    corrects INTEGER REFERENCES meeting(id)
                );
                CREATE INDEX meeting_by_agreement ON meeting(agreement_id, date);
                CREATE TABLE biennial_report (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    period_start TEXT NOT NULL,
                    period_end TEXT NOT NULL,
                    approved_on TEXT,
                    copy_sent_on TEXT
                );
                CREATE TABLE progress_request (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    body TEXT NOT NULL,
                    requested_on TEXT NOT NULL,
                    due TEXT NOT NULL,
                    note TEXT
                );
                CREATE TABLE progress_report (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    body TEXT NOT NULL,
                    submitted_on TEXT NOT NULL,
                    meeting_id INTEGER REFERENCES meeting(id),
                    request_id INTEGER REFERENCES progress_request(id),
                    title TEXT
                );
                CREATE TABLE termination_notice (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    party TEXT NOT NULL,
                    sent_on TEXT NOT NULL,
                    received_on TEXT,
                    requested_end TEXT,
                    effective_end TEXT NOT NULL,
                    withdrawn INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE amendment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    signed_on TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    text_version INTEGER
                );
                -- The institution's memory: rows are only ever added.
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    user TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_id TEXT,
                    agreement_id TEXT,
                    before_json TEXT,
                    after_json TEXT
                );
                CREATE INDEX audit_by_entity ON audit(entity_type, entity_id);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
                CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
                    BEGIN SELECT RAISE(ABORT, 'activities are cancelled, never deleted'); END;
                CREATE TRIGGER version_no_update BEFORE UPDATE ON agreement_version
                    BEGIN SELECT RAISE(ABORT, 'agreement texts are never changed: add a version'); END;
                """)
        }
        // A light copy of each model for dashboards and deadlines over thousands of agreements.
        m.registerMigration("v2-agreement-summary") { db in
            try db.execute(sql: "ALTER TABLE agreement_version ADD COLUMN summary_json TEXT")
        }
        // Listings and histories read activities in date order: without this index, SQLite
        // sorted all 100,000 rows on every load (a quarter of the load time, measured).
        m.registerMigration("v3-activity-by-start") { db in
            try db.execute(sql: "CREATE INDEX activity_by_start ON activity(start)")
        }
        // The latest version's summary beside its id: read from agreement_version, each summary
        // sat after the text and the full model, and SQLite walked through their overflow
        // pages to reach it (a 240 MB read for 10,000 agreements, measured). Kept in the row
        // every import already updates, it costs a bulk import no extra page (a table of its
        // own added two per file). Every version's full model stays in agreement_version.
        // The table is written anew rather than altered and updated in place: rows grown in
        // place scattered over the file, and reading 10,000 summaries then took 0.56–0.68 s
        // instead of 0.34–0.40 s (measured). GRDB turns foreign keys off for the migration and
        // checks them all before it commits.
        m.registerMigration("v4-latest-summary") { db in
            try db.execute(sql: """
                CREATE TABLE agreement_new (
                    id TEXT PRIMARY KEY NOT NULL,
                    latest_version INTEGER NOT NULL,
                    summary_json TEXT,
                    file TEXT,
                    warnings_json TEXT,
                    imported_at TEXT
                );
                INSERT INTO agreement_new (id, latest_version, summary_json, file, warnings_json, imported_at)
                    SELECT a.id, a.latest_version, COALESCE(v.summary_json, v.model_json), v.file, v.warnings_json, v.imported_at
                    FROM agreement a LEFT JOIN agreement_version v ON v.agreement_id = a.id AND v.version = a.latest_version
                    ORDER BY a.id;
                DROP TABLE agreement;
                ALTER TABLE agreement_new RENAME TO agreement;
                """)
        }
        // The schema carries what the store used to check by hand: an approval refers to a
        // meeting or report that exists (foreign keys, which SQLite only adds by writing the
        // table anew), and a status is one the model knows (an unknown one was read as
        // "planned"). The two small tables are written anew; the activity log, which may hold
        // 100,000 rows, gets triggers instead of a copy.
        m.registerMigration("v5-approval-keys-and-statuses") { db in
            try db.execute(sql: """
                CREATE TABLE action_plan_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    period_start TEXT NOT NULL,
                    period_end TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
                    approved_on TEXT,
                    approved_meeting_id INTEGER REFERENCES meeting(id)
                );
                INSERT INTO action_plan_new SELECT id, agreement_id, period_start, period_end, status, approved_on, approved_meeting_id FROM action_plan;
                CREATE TABLE meeting_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    body TEXT NOT NULL,
                    date TEXT NOT NULL,
                    agenda_json TEXT NOT NULL,
                    attendees_json TEXT NOT NULL,
                    decisions_json TEXT NOT NULL,
                    approved_plan_id INTEGER REFERENCES action_plan(id),
                    approved_report_id INTEGER REFERENCES biennial_report(id),
                    minutes_closed INTEGER NOT NULL DEFAULT 0 CHECK (minutes_closed IN (0, 1)),
                    corrects INTEGER REFERENCES meeting(id)
                );
                INSERT INTO meeting_new SELECT id, agreement_id, body, date, agenda_json, attendees_json, decisions_json,
                    approved_plan_id, approved_report_id, minutes_closed, corrects FROM meeting;
                DROP TABLE meeting;
                DROP TABLE action_plan;
                ALTER TABLE action_plan_new RENAME TO action_plan;
                ALTER TABLE meeting_new RENAME TO meeting;
                CREATE INDEX meeting_by_agreement ON meeting(agreement_id, date);
                CREATE TRIGGER activity_known_status_insert BEFORE INSERT ON activity
                    WHEN NEW.status NOT IN ('planned', 'under-way', 'done', 'cancelled')
                    BEGIN SELECT RAISE(ABORT, 'unknown activity status'); END;
                CREATE TRIGGER activity_known_status_update BEFORE UPDATE OF status ON activity
                    WHEN NEW.status NOT IN ('planned', 'under-way', 'done', 'cancelled')
                    BEGIN SELECT RAISE(ABORT, 'unknown activity status'); END;
                """)
        }
        // The recorded event that brings an agreement into force (the last notification that
        // internal procedures are complete, an exchange of instruments): audited like every record.
        m.registerMigration("v6-entry-into-force-events") { db in
            try db.execute(sql: """
                CREATE TABLE entry_into_force_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    "on" TEXT NOT NULL,
                    received_on TEXT,
                    note TEXT
                );
                CREATE INDEX entry_into_force_event_by_agreement ON entry_into_force_event(agreement_id, "on");
                """)
        }
        // People who sign in (issue 13): their role and agreements, their password's bcrypt
        // hash (never the password), API tokens (public id + bcrypt of the secret), browser
        // sessions shared by every server process, and consecutive failed sign-ins per login
        // (any login typed, known or not: counting only known ones would tell which exist).
        // People and tokens are never deleted (disabled, revoked): the audit log names them.
        m.registerMigration("v7-people") { db in
            try db.execute(sql: """
                CREATE TABLE person (
                    login TEXT PRIMARY KEY NOT NULL,
                    display_name TEXT NOT NULL,
                    language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
                    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'committee', 'staff')),
                    party TEXT,
                    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                    password_hash TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE person_agreement (
                    login TEXT NOT NULL REFERENCES person(login),
                    agreement_id TEXT NOT NULL REFERENCES agreement(id),
                    PRIMARY KEY (login, agreement_id)
                );
                CREATE TABLE api_token (
                    id TEXT PRIMARY KEY NOT NULL,
                    login TEXT NOT NULL REFERENCES person(login),
                    secret_hash TEXT NOT NULL,
                    label TEXT,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                CREATE INDEX api_token_by_login ON api_token(login);
                CREATE TABLE web_session (
                    id TEXT PRIMARY KEY NOT NULL,
                    secret_hash TEXT NOT NULL,
                    data TEXT NOT NULL,
                    expires REAL NOT NULL
                );
                CREATE INDEX web_session_by_expiry ON web_session(expires);
                CREATE TABLE sign_in_failure (
                    login TEXT PRIMARY KEY NOT NULL,
                    count INTEGER NOT NULL,
                    last REAL NOT NULL
                );
                CREATE TRIGGER person_no_delete BEFORE DELETE ON person
                    BEGIN SELECT RAISE(ABORT, 'people are disabled, never deleted'); END;
                CREATE TRIGGER api_token_no_delete BEFORE DELETE ON api_token
                    BEGIN SELECT RAISE(ABORT, 'tokens are revoked, never deleted'); END;
                """)
        }
        // Closed minutes are never edited, by the schema too: the one change a closed meeting
        // takes is its reopening (the flag alone, issue 12), which the store audits.
        m.registerMigration("v8-pages-closed-minutes") { db in
            try db.execute(sql: """
                CREATE TRIGGER meeting_closed_minutes BEFORE UPDATE ON meeting
                    WHEN OLD.minutes_closed = 1 AND NOT (NEW.minutes_closed = 0 AND NEW.id IS OLD.id
                        AND NEW.agreement_id IS OLD.agreement_id AND NEW.body IS OLD.body AND NEW.date IS OLD.date
                        AND NEW.agenda_json IS OLD.agenda_json AND NEW.attendees_json IS OLD.attendees_json
                        AND NEW.decisions_json IS OLD.decisions_json AND NEW.approved_plan_id IS OLD.approved_plan_id
                        AND NEW.approved_report_id IS OLD.approved_report_id AND NEW.corrects IS OLD.corrects)
                    BEGIN SELECT RAISE(ABORT, 'closed minutes are never edited: add a correcting meeting, or reopen them'); END;
                """)
        }
        return m
    }
}
