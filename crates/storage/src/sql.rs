//! The SQL implementation of [`crate::Store`], written once and expanded in each backend.
//!
//! SQLite and PostgreSQL both accept `$1`-style parameters, `RETURNING` and the column types
//! the migrations use, so one text of every query serves both. The implementation is a macro
//! rather than generic code because sqlx's generic bounds over `Database` would drown the
//! queries; each backend crate invokes [`impl_sql_store!`] with its store and database types.

/// Implements [`crate::Store`] for `$store`, a struct with two `sqlx::Pool<$db>` fields: `pool`
/// for reads and `writer` for every write. PostgreSQL gives both the same pool; SQLite, which
/// takes one writer at a time, gives `writer` a single connection, so that concurrent writers
/// queue in the pool (first come, first served) instead of failing with "database is locked".
/// `$begin_write` is the statement that opens a writing transaction: SQLite needs
/// `BEGIN IMMEDIATE` so that a writer waits for the lock before it reads the version it checks.
/// `$share_lock` and `$update_lock` end a `SELECT` of a meeting row that an item write or the
/// lock of a protocol must hold until it commits: PostgreSQL's `FOR SHARE` / `FOR UPDATE`;
/// empty for SQLite, whose writing transactions run one at a time anyway.
#[macro_export]
macro_rules! impl_sql_store {
    ($store:ty, $db:ty, $backend:literal, $begin_write:literal, $share_lock:literal, $update_lock:literal) => {
        const _: () = {
            use $crate::__private::chrono::{DateTime, Utc};
            use $crate::__private::domain::*;
            use $crate::__private::sqlx::{self, Connection as _};
            use $crate::*;

            type Conn = <$db as sqlx::Database>::Connection;

            const MEETING_COLUMNS: &str = "id, body_id, version, date, start_time, end_time, place, video_link, status, \
                secretary, adjustment_place, adjustment_date, content_sha256, locked_at, published_on, taken_down_on, \
                source_file_name, source_sha256, imported_at, next_meetings, remarks, source_date_basis, confidential_key";
            const ITEM_COLUMNS: &str = "id, meeting_id, version, position, number, title, presenters, notes, decision, \
                outcome, distribution, confidential, follows_up, proceedings";
            const PENDING_COLUMNS: &str =
                "id, body_id, version, file_name, source_sha256, uploaded_by, uploaded_at, corrections";
            const USER_COLUMNS: &str = "id, username, display_name, password_hash, role, person_id, disabled";
            const ASSIGNMENT_COLUMNS: &str = "item_id, assignee, assignee_person_id, assignee_organisation_id, task, \
                due_kind, due_date, due_year, due_month, due_meeting_id, status";

            async fn fetch_meetings(conn: &mut Conn, filter: &str, id: i64) -> Result<Vec<Meeting>> {
                fetch_meetings_where(conn, &format!("{filter} = $1"), Some(id)).await
            }

            /// The meetings that match `condition` (a WHERE clause over `meetings` with at most one
            /// parameter, `$1`), each with its attendance and adjusters, in three queries.
            async fn fetch_meetings_where(conn: &mut Conn, condition: &str, id: Option<i64>) -> Result<Vec<Meeting>> {
                let rows: Vec<MeetingRow> =
                    sqlx::query_as(&format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE {condition} ORDER BY date, id"))
                        .bind(id)
                        .fetch_all(&mut *conn)
                        .await?;
                let ids = format!("SELECT id FROM meetings WHERE {condition}");
                let attendance: Vec<AttendanceRow> = sqlx::query_as(&format!(
                    "SELECT meeting_id, person_id, organisation_id, organisation, name, title, role, voting, status, presence \
                     FROM attendance WHERE meeting_id IN ({ids}) ORDER BY meeting_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                let adjusters: Vec<AdjusterRow> = sqlx::query_as(&format!(
                    "SELECT meeting_id, person_id, name, role, approved_at, comment, approved_sha256 \
                     FROM adjusters WHERE meeting_id IN ({ids}) ORDER BY meeting_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                let mut attendance = group_by(attendance, |r| r.meeting_id);
                let mut adjusters = group_by(adjusters, |r| r.meeting_id);
                rows.into_iter()
                    .map(|row| {
                        let id = row.id;
                        meeting_from_rows(row, attendance.remove(&id).unwrap_or_default(), adjusters.remove(&id).unwrap_or_default())
                    })
                    .collect()
            }

            /// The meetings with these ids, in the order given, in three queries whatever their
            /// number (the ids are numbers from the database, written into the query as such).
            async fn fetch_meetings_by_id(conn: &mut Conn, ids: Vec<i64>) -> Result<Vec<Meeting>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
                let mut found: std::collections::HashMap<i64, Meeting> =
                    fetch_meetings_where(conn, &format!("id IN ({list}) AND $1 IS NULL"), None)
                        .await?
                        .into_iter()
                        .map(|m| (m.id.0, m))
                        .collect();
                Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
            }

            /// The deletions log's entries of `kind` for these ids (numbers, written into the
            /// query as such), in no particular order.
            async fn fetch_deletions(conn: &mut Conn, kind: RecordKind, ids: &[i64]) -> Result<Vec<Deletion>> {
                let Some(code) = kind.deletion_code() else {
                    return Ok(Vec::new());
                };
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let rows: Vec<(i64, i64, Option<DateTime<Utc>>, DateTime<Utc>)> = sqlx::query_as(&format!(
                    "SELECT record_id, parent_id, created_at, deleted_at FROM deletions \
                     WHERE kind = $1 AND record_id IN ({})",
                    id_list(ids.iter().copied())
                ))
                .bind(code)
                .fetch_all(&mut *conn)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, parent_id, created, deleted)| Deletion { kind, id, parent_id, created, deleted })
                    .collect())
            }

            async fn fetch_meeting(conn: &mut Conn, id: MeetingId) -> Result<Meeting> {
                fetch_meetings(conn, "id", id.0).await?.pop().ok_or(StoreError::NotFound { what: "Sammanträdet" })
            }

            /// Writes the meeting's columns and replaces its attendance and adjusters.
            async fn write_meeting(conn: &mut Conn, meeting: &Meeting, id: Option<MeetingId>) -> Result<MeetingId> {
                meeting.validate()?;
                let publication = meeting.publication.as_ref();
                let source = meeting.source.as_ref();
                let sql = match id {
                    None => "INSERT INTO meetings (body_id, version, date, start_time, end_time, place, video_link, \
                         status, secretary, adjustment_place, adjustment_date, content_sha256, locked_at, published_on, \
                         taken_down_on, source_file_name, source_sha256, imported_at, next_meetings, remarks, source_date_basis, \
                         confidential_key) \
                         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
                         RETURNING id",
                    Some(_) => "UPDATE meetings SET body_id = $1, version = version + 1, date = $2, start_time = $3, \
                         end_time = $4, place = $5, video_link = $6, status = $7, secretary = $8, adjustment_place = $9, \
                         adjustment_date = $10, content_sha256 = $11, locked_at = $12, published_on = $13, \
                         taken_down_on = $14, source_file_name = $15, source_sha256 = $16, imported_at = $17, \
                         next_meetings = $18, remarks = $19, source_date_basis = $20, \
                         confidential_key = COALESCE($21, confidential_key) WHERE id = $22 RETURNING id",
                };
                let query = sqlx::query_scalar(sql)
                    .bind(meeting.body_id.0)
                    .bind(meeting.date)
                    .bind(meeting.start_time)
                    .bind(meeting.end_time)
                    .bind(&meeting.place)
                    .bind(&meeting.video_link)
                    .bind(meeting.status.code())
                    .bind(&meeting.secretary)
                    .bind(&meeting.adjustment.place)
                    .bind(meeting.adjustment.date)
                    .bind(&meeting.adjustment.content_sha256)
                    .bind(meeting.adjustment.locked_at)
                    .bind(publication.map(|p| p.posted_on))
                    .bind(publication.and_then(|p| p.taken_down_on))
                    .bind(source.map(|s| s.file_name.clone()))
                    .bind(source.map(|s| s.sha256.clone()))
                    .bind(source.map(|s| s.imported_at))
                    .bind(to_json(&meeting.next_meetings)?)
                    .bind(to_json(&meeting.remarks)?)
                    .bind(source.map(|s| s.date_basis.code()))
                    // Once given, a protocol's key is never taken away (see the update's COALESCE).
                    .bind(&meeting.confidential_key);
                // An update names the row as its last parameter; an insert has none to bind.
                let query = match id {
                    Some(id) => query.bind(id.0),
                    None => query,
                };
                let id: i64 = query.fetch_one(&mut *conn).await?;
                sqlx::query("DELETE FROM attendance WHERE meeting_id = $1").bind(id).execute(&mut *conn).await?;
                for (position, a) in meeting.attendance.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO attendance (meeting_id, position, person_id, organisation_id, organisation, name, \
                         title, role, voting, status, presence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(id)
                    .bind(position as i64)
                    .bind(a.person_id.map(|p| p.0))
                    .bind(a.organisation_id.map(|o| o.0))
                    .bind(&a.organisation)
                    .bind(&a.name)
                    .bind(&a.title)
                    .bind(a.role.map(|r| r.code()))
                    .bind(a.voting)
                    .bind(a.status.code())
                    .bind(to_json(&a.presence)?)
                    .execute(&mut *conn)
                    .await?;
                }
                sqlx::query("DELETE FROM adjusters WHERE meeting_id = $1").bind(id).execute(&mut *conn).await?;
                for (position, a) in meeting.adjustment.adjusters.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO adjusters (meeting_id, position, person_id, name, role, approved_at, comment, \
                         approved_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(id)
                    .bind(position as i64)
                    .bind(a.person_id.map(|p| p.0))
                    .bind(&a.name)
                    .bind(a.role.code())
                    .bind(a.approved_at)
                    .bind(&a.comment)
                    .bind(&a.approved_sha256)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(MeetingId(id))
            }

            async fn fetch_items(conn: &mut Conn, filter: &str, id: i64) -> Result<Vec<Item>> {
                fetch_items_where(conn, &format!("{filter} = $1"), id).await
            }

            /// The items that match `condition` (a WHERE clause over `items` with the one
            /// parameter `$1`), each with its parts, in four queries.
            async fn fetch_items_where(conn: &mut Conn, condition: &str, id: i64) -> Result<Vec<Item>> {
                let rows: Vec<ItemRow> =
                    sqlx::query_as(&format!("SELECT {ITEM_COLUMNS} FROM items WHERE {condition} ORDER BY position, id"))
                        .bind(id)
                        .fetch_all(&mut *conn)
                        .await?;
                let ids = format!("SELECT id FROM items WHERE {condition}");
                let recommendations: Vec<RecommendationRow> = sqlx::query_as(&format!(
                    "SELECT item_id, text, addressees FROM recommendations WHERE item_id IN ({ids}) ORDER BY item_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                let assignments: Vec<AssignmentRow> = sqlx::query_as(&format!(
                    "SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE item_id IN ({ids}) ORDER BY item_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                let attachments: Vec<AttachmentRow> = sqlx::query_as(&format!(
                    "SELECT item_id, label, title, file_sha256, file_name, media_type FROM attachments \
                     WHERE item_id IN ({ids}) ORDER BY item_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                items_from_rows(rows, recommendations, assignments, attachments)
            }

            /// The items with these ids (numbers from the database, written into the query as
            /// such), each with its parts, in no particular order.
            async fn fetch_items_with_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<Item>> {
                let condition = format!("id IN ({}) AND $1 = $1", id_list(ids.iter().copied()));
                fetch_items_where(conn, &condition, 0).await
            }

            async fn fetch_item(conn: &mut Conn, id: ItemId) -> Result<Item> {
                fetch_items(conn, "id", id.0).await?.pop().ok_or(StoreError::NotFound { what: "Paragrafen" })
            }

            /// Writes an item's columns and replaces its recommendations, assignments and attachments.
            async fn write_item(conn: &mut Conn, item: &Item, id: Option<ItemId>) -> Result<ItemId> {
                item.validate()?;
                let sql = match id {
                    None => "INSERT INTO items (meeting_id, version, position, number, title, presenters, notes, decision, \
                         outcome, distribution, confidential, follows_up, proceedings) \
                         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                    Some(_) => "UPDATE items SET meeting_id = $1, version = version + 1, position = $2, number = $3, \
                         title = $4, presenters = $5, notes = $6, decision = $7, outcome = $8, distribution = $9, \
                         confidential = $10, follows_up = $11, proceedings = $12 WHERE id = $13 RETURNING id",
                };
                let query = sqlx::query_scalar(sql)
                    .bind(item.meeting_id.0)
                    .bind(i64::from(item.position))
                    .bind(item.number.as_str())
                    .bind(&item.title)
                    .bind(to_json(&item.presenters)?)
                    .bind(to_json(&item.notes)?)
                    .bind(item.decision.as_ref().map(to_json).transpose()?)
                    .bind(item.outcome.as_ref().map(to_json).transpose()?)
                    .bind(to_json(&item.distribution)?)
                    .bind(item.confidential)
                    .bind(item.follows_up.map(|i| i.0))
                    .bind(to_json(&item.proceedings)?);
                let query = match id {
                    Some(id) => query.bind(id.0),
                    None => query,
                };
                let id: i64 = query.fetch_one(&mut *conn).await?;
                for table in ["recommendations", "assignments", "attachments"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE item_id = $1")).bind(id).execute(&mut *conn).await?;
                }
                for (position, r) in item.recommendations.iter().enumerate() {
                    sqlx::query("INSERT INTO recommendations (item_id, position, text, addressees) VALUES ($1, $2, $3, $4)")
                        .bind(id)
                        .bind(position as i64)
                        .bind(&r.text)
                        .bind(to_json(&r.addressees)?)
                        .execute(&mut *conn)
                        .await?;
                }
                for (position, a) in item.assignments.iter().enumerate() {
                    let (due_kind, due_date, due_year, due_month, due_meeting) = due_columns(&a.due);
                    sqlx::query(
                        "INSERT INTO assignments (item_id, position, assignee, assignee_person_id, \
                         assignee_organisation_id, task, due_kind, due_date, due_year, due_month, due_meeting_id, status) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    )
                    .bind(id)
                    .bind(position as i64)
                    .bind(&a.assignee)
                    .bind(a.assignee_person_id.map(|p| p.0))
                    .bind(a.assignee_organisation_id.map(|o| o.0))
                    .bind(&a.task)
                    .bind(due_kind)
                    .bind(due_date)
                    .bind(due_year)
                    .bind(due_month)
                    .bind(due_meeting)
                    .bind(a.status.code())
                    .execute(&mut *conn)
                    .await?;
                }
                for (position, a) in item.attachments.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO attachments (item_id, position, label, title, file_sha256, file_name, media_type) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(position as i64)
                    .bind(&a.label)
                    .bind(&a.title)
                    .bind(&a.file_sha256)
                    .bind(&a.file_name)
                    .bind(&a.media_type)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(ItemId(id))
            }

            /// The items of the § series `meeting` belongs to (its year for per-year numbering, the
            /// meeting alone otherwise). With `lock`, the body row is locked for update first, so
            /// two servers numbering in one series at once take turns (SQLite has one writer).
            async fn fetch_series(conn: &mut Conn, meeting: MeetingId, lock: bool) -> Result<Vec<Numbered>> {
                let (body, date): (i64, chrono::NaiveDate) =
                    sqlx::query_as("SELECT body_id, date FROM meetings WHERE id = $1")
                        .bind(meeting.0)
                        .fetch_optional(&mut *conn)
                        .await?
                        .ok_or(StoreError::NotFound { what: "Sammanträdet" })?;
                let numbering: String =
                    sqlx::query_scalar(if lock { concat!("SELECT numbering FROM bodies WHERE id = $1", $update_lock) }
                                       else { "SELECT numbering FROM bodies WHERE id = $1" })
                        .bind(body)
                        .fetch_one(&mut *conn)
                        .await?;
                let rule = NumberingRule::from_code(&numbering)
                    .ok_or(StoreError::Corrupt { column: "bodies.numbering", value: numbering })?;
                let columns = "SELECT i.id, i.meeting_id, m.date, i.number FROM items i JOIN meetings m ON m.id = i.meeting_id";
                let rows: Vec<(i64, i64, chrono::NaiveDate, String)> = match rule.series_dates(date) {
                    Some((from, until)) => sqlx::query_as(&format!(
                            "{columns} WHERE m.body_id = $1 AND m.date >= $2 AND m.date < $3"))
                        .bind(body)
                        .bind(from)
                        .bind(until)
                        .fetch_all(&mut *conn)
                        .await?,
                    None => sqlx::query_as(&format!("{columns} WHERE i.meeting_id = $1"))
                        .bind(meeting.0)
                        .fetch_all(&mut *conn)
                        .await?,
                };
                rows.into_iter()
                    .map(|(item, meeting, date, number)| {
                        Ok(Numbered {
                            item: ItemId(item),
                            meeting: MeetingId(meeting),
                            date,
                            number: ItemNumber::parse(&number)
                                .map_err(|_| StoreError::Corrupt { column: "items.number", value: number })?,
                        })
                    })
                    .collect()
            }

            /// Refuses a number already used by another item of the series `item` is saved into.
            async fn ensure_number_free_in_series(conn: &mut Conn, item: &Item, id: Option<ItemId>) -> Result<()> {
                let series = fetch_series(conn, item.meeting_id, true).await?;
                ensure_number_free(&item.number, id, &series)?;
                Ok(())
            }

            /// Puts a meeting's items in the reading order of their numbers (positions only).
            async fn order_by_number(conn: &mut Conn, meeting: MeetingId) -> Result<()> {
                let rows: Vec<(i64, i64, String)> =
                    sqlx::query_as("SELECT id, position, number FROM items WHERE meeting_id = $1 ORDER BY position, id")
                        .bind(meeting.0)
                        .fetch_all(&mut *conn)
                        .await?;
                let numbered: Vec<(ItemId, ItemNumber)> = rows
                    .iter()
                    .map(|(id, _, number)| {
                        let number = ItemNumber::parse(number).unwrap_or_else(|_| ItemNumber::paragraph(0));
                        (ItemId(*id), number)
                    })
                    .collect();
                for (position, id) in in_number_order(&numbered).into_iter().enumerate() {
                    let stored = rows.iter().find(|r| r.0 == id.0).map(|r| r.1);
                    if stored != Some(position as i64) {
                        sqlx::query("UPDATE items SET position = $1 WHERE id = $2")
                            .bind(position as i64)
                            .bind(id.0)
                            .execute(&mut *conn)
                            .await?;
                    }
                }
                Ok(())
            }

            /// Numbers from the database written into a query as a list ("1, 2, 3").
            fn id_list(ids: impl Iterator<Item = i64>) -> String {
                ids.map(|id| id.to_string()).collect::<Vec<_>>().join(", ")
            }

            /// Each item with its meeting.
            async fn with_meetings(conn: &mut Conn, items: Vec<Item>) -> Result<Vec<(Meeting, Item)>> {
                let mut ids: Vec<i64> = items.iter().map(|i| i.meeting_id.0).collect();
                ids.sort_unstable();
                ids.dedup();
                let meetings = fetch_meetings_by_id(conn, ids).await?;
                Ok(items
                    .into_iter()
                    .filter_map(|item| {
                        let meeting = meetings.iter().find(|m| m.id == item.meeting_id)?.clone();
                        Some((meeting, item))
                    })
                    .collect())
            }

            /// The items with these ids, in the order given, each with its meeting.
            async fn items_by_id(pool: &sqlx::Pool<$db>, ids: Vec<i64>) -> Result<Vec<(Meeting, Item)>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut conn = pool.acquire().await?;
                let items = fetch_items_with_ids(&mut conn, &ids).await?;
                let mut pairs = with_meetings(&mut conn, items).await?;
                pairs.sort_by_key(|(_, item)| ids.iter().position(|id| *id == item.id.0));
                Ok(pairs)
            }

            /// An agreement read for a change, its row locked so additions at once take turns
            /// for their position (SQLite has one writer).
            async fn locked_agreement(conn: &mut Conn, agreement: AgreementId) -> Result<Agreement> {
                sqlx::query(concat!("SELECT id FROM agreements WHERE id = $1", $update_lock))
                    .bind(agreement.0)
                    .execute(&mut *conn)
                    .await?;
                one(fetch_agreements(conn, "id", agreement.0).await?, "Överenskommelsen")
            }

            /// Refuses when the meeting is adjusted; the check runs inside the writing transaction.
            /// Refuses a write to a locked protocol. The meeting row stays share-locked until the
            /// caller commits, so a protocol cannot be locked between this check and the write.
            async fn ensure_meeting_editable(conn: &mut Conn, meeting: MeetingId) -> Result<()> {
                let status: Option<String> =
                    sqlx::query_scalar(concat!("SELECT status FROM meetings WHERE id = $1", $share_lock))
                    .bind(meeting.0)
                    .fetch_optional(&mut *conn)
                    .await?;
                let status = status.ok_or(StoreError::NotFound { what: "Sammanträdet" })?;
                let status = MeetingStatus::from_code(&status)
                    .ok_or(StoreError::Corrupt { column: "meetings.status", value: status })?;
                if status.is_locked() {
                    return Err(DomainError::ProtocolAdjusted.into());
                }
                Ok(())
            }

            /// Bumps the item's version if it is still `version`; otherwise reports a conflict.
            async fn claim_item_version(conn: &mut Conn, id: ItemId, version: i64) -> Result<Item> {
                let stored = fetch_item(conn, id).await?;
                if stored.version != version {
                    return Err(StoreError::Conflict);
                }
                ensure_meeting_editable(conn, stored.meeting_id).await?;
                // The guarded update is what makes two racing saves safe: only one matches.
                let claimed = sqlx::query("UPDATE items SET version = version WHERE id = $1 AND version = $2")
                    .bind(id.0)
                    .bind(version)
                    .execute(&mut *conn)
                    .await?;
                if claimed.rows_affected() != 1 {
                    return Err(StoreError::Conflict);
                }
                Ok(stored)
            }

            async fn fetch_grants(conn: &mut Conn, filter: &str, id: i64) -> Result<Vec<Grant>> {
                let rows: Vec<GrantRow> =
                    sqlx::query_as(&format!("SELECT id, body_id, name, year, total FROM grants WHERE {filter} = $1 ORDER BY year, id"))
                        .bind(id)
                        .fetch_all(&mut *conn)
                        .await?;
                // Most bodies keep no grants (nor cost splits or agreements): no more round trips.
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let allocations: Vec<AllocationRow> = sqlx::query_as(&format!(
                    "SELECT grant_id, decided_on, decided_at_item, purpose, amount, activity_code, recipient, comment, \
                     carry_over, carry_over_from_year, carry_over_activity_code FROM allocations \
                     WHERE grant_id IN (SELECT id FROM grants WHERE {filter} = $1) ORDER BY grant_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                Ok(grants_from_rows(rows, allocations))
            }

            async fn fetch_cost_shares(conn: &mut Conn, filter: &str, id: i64) -> Result<Vec<CostShare>> {
                let rows: Vec<CostShareRow> = sqlx::query_as(&format!(
                    "SELECT id, body_id, decided_at_item, title, total, key_kind, key_year, key_hourly_rate \
                     FROM cost_shares WHERE {filter} = $1 ORDER BY id"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let parts: Vec<CostSharePartRow> = sqlx::query_as(&format!(
                    "SELECT cost_share_id, organisation_id, payer, basis, amount FROM cost_share_parts \
                     WHERE cost_share_id IN (SELECT id FROM cost_shares WHERE {filter} = $1) ORDER BY cost_share_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                cost_shares_from_rows(rows, parts)
            }

            async fn fetch_agreements(conn: &mut Conn, filter: &str, id: i64) -> Result<Vec<Agreement>> {
                let rows: Vec<AgreementRow> = sqlx::query_as(&format!(
                    "SELECT id, body_id, title, period_start, period_end, yearly_duty, yearly_duty_month \
                     FROM agreements WHERE {filter} = $1 ORDER BY period_start, id"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let ids = format!("SELECT id FROM agreements WHERE {filter} = $1");
                let parties: Vec<AgreementPartyRow> = sqlx::query_as(&format!(
                    "SELECT agreement_id, organisation_id FROM agreement_parties WHERE agreement_id IN ({ids}) \
                     ORDER BY agreement_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                let extensions: Vec<AgreementExtensionRow> = sqlx::query_as(&format!(
                    "SELECT agreement_id, until, decided_at_item, note FROM agreement_extensions \
                     WHERE agreement_id IN ({ids}) ORDER BY agreement_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                let parameters: Vec<AgreementParameterRow> = sqlx::query_as(&format!(
                    "SELECT agreement_id, year, name, value, unit, decided_at_item FROM agreement_parameters \
                     WHERE agreement_id IN ({ids}) ORDER BY agreement_id, position"
                ))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                Ok(agreements_from_rows(rows, parties, extensions, parameters))
            }

            /// Names what already exists when an insert breaks a unique constraint.
            /// After an update of a user's row: none changed means no such user; `end` ends
            /// every session of the user in the same transaction.
            async fn end_sessions_if_changed(conn: &mut Conn, user: UserId, changed: u64, end: bool) -> Result<()> {
                if changed == 0 {
                    return Err(StoreError::NotFound { what: "Användaren" });
                }
                if end {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.0).execute(&mut *conn).await?;
                }
                Ok(())
            }

            /// 32 random bytes for a protocol's confidential key.
            fn random_key() -> [u8; 32] {
                use $crate::__private::rand_core::{OsRng, RngCore};
                let mut key = [0u8; 32];
                OsRng.fill_bytes(&mut key);
                key
            }

            fn duplicate(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
                move |error| match StoreError::from(error) {
                    StoreError::Duplicate { .. } => StoreError::Duplicate { what },
                    other => other,
                }
            }

            /// Inserts a body; returns the new id.
            async fn write_body(conn: &mut Conn, body: &Body) -> Result<i64> {
                body.validate()?;
                sqlx::query_scalar(
                    "INSERT INTO bodies (name, short_name, parent_id, county_code, numbering, description, notice_days) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&body.name)
                .bind(&body.short_name)
                .bind(body.parent_id.map(|p| p.0))
                .bind(&body.county_code)
                .bind(body.numbering.code())
                .bind(&body.description)
                .bind(i64::from(body.notice_days))
                .fetch_one(&mut *conn)
                .await
                .map_err(duplicate("Ett samverkansorgan med det namnet"))
            }

            /// Inserts one row of a grant's allocation table at `position`.
            async fn insert_allocation(conn: &mut Conn, grant: i64, position: i64, a: &Allocation) -> Result<()> {
                sqlx::query(
                    "INSERT INTO allocations (grant_id, position, decided_on, decided_at_item, purpose, amount, \
                     activity_code, recipient, comment, carry_over, carry_over_from_year, carry_over_activity_code) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(grant)
                .bind(position)
                .bind(a.decided_on)
                .bind(a.decided_at_item.map(|i| i.0))
                .bind(&a.purpose)
                .bind(a.amount.ore())
                .bind(&a.activity_code)
                .bind(&a.recipient)
                .bind(&a.comment)
                .bind(a.carry_over.map(|c| c.ore()))
                .bind(a.carry_over_from_year.map(i64::from))
                .bind(&a.carry_over_activity_code)
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// Inserts one extension of an agreement at `position`.
            async fn insert_extension(conn: &mut Conn, agreement: i64, position: i64, e: &AgreementExtension) -> Result<()> {
                sqlx::query(
                    "INSERT INTO agreement_extensions (agreement_id, position, until, decided_at_item, note) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(agreement)
                .bind(position)
                .bind(e.until)
                .bind(e.decided_at_item.map(|i| i.0))
                .bind(&e.note)
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// Inserts one yearly parameter of an agreement at `position`.
            async fn insert_parameter(conn: &mut Conn, agreement: i64, position: i64, p: &YearlyParameter) -> Result<()> {
                sqlx::query(
                    "INSERT INTO agreement_parameters (agreement_id, position, year, name, value, unit, decided_at_item) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(agreement)
                .bind(position)
                .bind(i64::from(p.year))
                .bind(&p.name)
                .bind(&p.value)
                .bind(&p.unit)
                .bind(p.decided_at_item.map(|i| i.0))
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// The position after the last row of `table` whose `owner` column is `id` (0 when none).
            /// Both names come from this file, never from input.
            async fn next_position(conn: &mut Conn, table: &str, owner: &str, id: i64) -> Result<i64> {
                Ok(sqlx::query_scalar(&format!("SELECT COALESCE(MAX(position) + 1, 0) FROM {table} WHERE {owner} = $1"))
                    .bind(id)
                    .fetch_one(&mut *conn)
                    .await?)
            }

            /// Inserts a grant and its allocations; returns the new id.
            /// " AND column >= 'from' AND column < 'to'" for a period, empty without one. The dates
            /// are typed values written as ISO dates, which both backends compare as dates.
            fn period_condition(column: &str, period: Option<Between>) -> String {
                match period {
                    Some((from, to)) => format!(" AND {column} >= '{}' AND {column} < '{}'", from.format("%Y-%m-%d"), to.format("%Y-%m-%d")),
                    None => String::new(),
                }
            }

            /// The first meeting imported from the source file with this SHA-256.
            async fn imported_from(conn: &mut Conn, sha256: &str) -> Result<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM meetings WHERE source_sha256 = $1 ORDER BY id LIMIT 1")
                    .bind(sha256)
                    .fetch_optional(&mut *conn)
                    .await?)
            }

            /// Refuses a source file that a stored protocol was imported from already.
            async fn ensure_not_imported(conn: &mut Conn, sha256: &str) -> Result<()> {
                match imported_from(conn, sha256).await? {
                    Some(_) => Err(StoreError::Duplicate { what: "Ett protokoll importerat från samma fil" }),
                    None => Ok(()),
                }
            }

            /// Writes an imported protocol, its grants and its cost splits; refuses a source
            /// already imported.
            async fn write_imported(
                tx: &mut Conn,
                protocol: &Protocol,
                grants: &[(usize, Grant)],
                cost_shares: &[(usize, CostShare)],
            ) -> Result<MeetingId> {
                if let Some(source) = &protocol.meeting.source {
                    ensure_not_imported(tx, &source.sha256).await?;
                }
                    let body_id = match sqlx::query_scalar::<_, i64>("SELECT id FROM bodies WHERE name = $1 OR short_name = $1")
                        .bind(&protocol.body.name)
                        .fetch_optional(&mut *tx)
                        .await?
                    {
                        Some(id) => BodyId(id),
                        None => BodyId(write_body(tx, &protocol.body).await?),
                    };
                    let meeting = Meeting { body_id, ..protocol.meeting.clone() };
                    let meeting_id = write_meeting(tx, &meeting, None).await?;
                    let mut item_ids = Vec::new();
                    for (position, item) in protocol.items.iter().enumerate() {
                        let item = Item { meeting_id, position: position as i32, ..item.clone() };
                        item_ids.push(write_item(tx, &item, None).await?);
                    }
                    for (position, grant) in grants {
                        grant.validate()?;
                        let mut grant = Grant { body_id, ..grant.clone() };
                        for allocation in &mut grant.allocations {
                            allocation.decided_at_item = allocation.decided_at_item.or(item_ids.get(*position).copied());
                        }
                        write_grant(tx, &grant).await?;
                    }
                    for (position, share) in cost_shares {
                        share.validate()?;
                        let share = CostShare {
                            body_id,
                            decided_at_item: item_ids.get(*position).copied(),
                            ..share.clone()
                        };
                        write_cost_share(tx, &share).await?;
                    }
                Ok(meeting_id)
            }

            async fn write_grant(conn: &mut Conn, grant: &Grant) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO grants (body_id, name, year, total) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(grant.body_id.0)
        .bind(&grant.name)
        .bind(i64::from(grant.year))
        .bind(grant.total.map(|t| t.ore()))
        .fetch_one(&mut *conn)
        .await?;
        for (position, a) in grant.allocations.iter().enumerate() {
            insert_allocation(conn, id, position as i64, a).await?;
        }
                Ok(id)
            }

            /// Inserts a cost split and its parts; returns the new id.
            async fn write_cost_share(conn: &mut Conn, cost_share: &CostShare) -> Result<i64> {
        let (key_kind, key_year, key_hourly_rate) = cost_share_key_columns(&cost_share.key);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cost_shares (body_id, decided_at_item, title, total, key_kind, key_year, key_hourly_rate) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(cost_share.body_id.0)
        .bind(cost_share.decided_at_item.map(|i| i.0))
        .bind(&cost_share.title)
        .bind(cost_share.total.ore())
        .bind(key_kind)
        .bind(key_year)
        .bind(key_hourly_rate)
        .fetch_one(&mut *conn)
        .await?;
        for (position, p) in cost_share.parts.iter().enumerate() {
            sqlx::query(
                "INSERT INTO cost_share_parts (cost_share_id, position, organisation_id, payer, basis, amount) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(p.organisation_id.map(|o| o.0))
            .bind(&p.payer)
            .bind(&p.basis)
            .bind(p.amount.ore())
            .execute(&mut *conn)
            .await?;
        }
                Ok(id)
            }

            fn one<T>(mut found: Vec<T>, what: &'static str) -> Result<T> {
                found.pop().ok_or(StoreError::NotFound { what })
            }

            #[$crate::__private::async_trait]
            impl Store for $store {
                async fn change_signal(&self) -> Result<Option<ChangeSignal>> {
                    // Each backend's own (inherent) method: only PostgreSQL has a signal.
                    <$store>::change_signal(self).await
                }

                fn backend(&self) -> &'static str {
                    $backend
                }

                async fn create_organisation(&self, organisation: &Organisation) -> Result<Organisation> {
                    organisation.validate()?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO organisations (name, kind, reference_code, population, population_year) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(&organisation.name)
                    .bind(organisation.kind.code())
                    .bind(organisation.kind.reference_code())
                    .bind(organisation.population)
                    .bind(organisation.population_year.map(i64::from))
                    .fetch_one(&self.writer)
                    .await
                    .map_err(duplicate("Organisationen"))?;
                    self.organisation(OrganisationId(id)).await
                }

                async fn organisation(&self, id: OrganisationId) -> Result<Organisation> {
                    let row: Option<OrganisationRow> = sqlx::query_as(
                        "SELECT id, name, kind, reference_code, population, population_year FROM organisations WHERE id = $1",
                    )
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.ok_or(StoreError::NotFound { what: "Organisationen" })?.try_into()
                }

                async fn member_organisations(&self, body: BodyId) -> Result<Vec<Organisation>> {
                    let rows: Vec<OrganisationRow> = sqlx::query_as(
                        "SELECT id, name, kind, reference_code, population, population_year FROM organisations \
                         WHERE id IN (SELECT organisation_id FROM memberships WHERE body_id = $1) \
                         ORDER BY name, id",
                    )
                    .bind(body.0)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(Organisation::try_from).collect()
                }

                async fn organisations(&self) -> Result<Vec<Organisation>> {
                    let rows: Vec<OrganisationRow> = sqlx::query_as(
                        "SELECT id, name, kind, reference_code, population, population_year FROM organisations ORDER BY name, id",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(Organisation::try_from).collect()
                }

                async fn create_person(&self, person: &Person) -> Result<Person> {
                    person.validate()?;
                    let id: i64 =
                        sqlx::query_scalar("INSERT INTO persons (name, title, email) VALUES ($1, $2, $3) RETURNING id")
                            .bind(&person.name)
                            .bind(&person.title)
                            .bind(&person.email)
                            .fetch_one(&self.writer)
                            .await?;
                    self.person(PersonId(id)).await
                }

                async fn person(&self, id: PersonId) -> Result<Person> {
                    let row: Option<PersonRow> = sqlx::query_as("SELECT id, name, title, email FROM persons WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&self.pool)
                        .await?;
                    Ok(row.ok_or(StoreError::NotFound { what: "Personen" })?.into())
                }

                async fn persons(&self) -> Result<Vec<Person>> {
                    let rows: Vec<PersonRow> = sqlx::query_as("SELECT id, name, title, email FROM persons ORDER BY name, id")
                        .fetch_all(&self.pool)
                        .await?;
                    Ok(rows.into_iter().map(Person::from).collect())
                }

                async fn persons_in(&self, body: BodyId) -> Result<Vec<Person>> {
                    let rows: Vec<PersonRow> = sqlx::query_as(
                        "SELECT id, name, title, email FROM persons \
                         WHERE id IN (SELECT person_id FROM memberships WHERE body_id = $1) ORDER BY name, id",
                    )
                    .bind(body.0)
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(Person::from).collect())
                }

                async fn create_body(&self, body: &Body) -> Result<Body> {
                    let mut conn = self.writer.acquire().await?;
                    let id = write_body(&mut conn, body).await?;
                    self.body(BodyId(id)).await
                }

                async fn body(&self, id: BodyId) -> Result<Body> {
                    let row: Option<BodyRow> = sqlx::query_as(
                        "SELECT id, name, short_name, parent_id, county_code, numbering, description, notice_days, logo_sha256 FROM bodies WHERE id = $1",
                    )
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.ok_or(StoreError::NotFound { what: "Samverkansorganet" })?.try_into()
                }

                async fn set_body_logo(&self, body: BodyId, logo_sha256: Option<&str>) -> Result<Body> {
                    let changed = sqlx::query("UPDATE bodies SET logo_sha256 = $1 WHERE id = $2")
                        .bind(logo_sha256)
                        .bind(body.0)
                        .execute(&self.writer)
                        .await?;
                    if changed.rows_affected() == 0 {
                        return Err(StoreError::NotFound { what: "Samverkansorganet" });
                    }
                    self.body(body).await
                }

                async fn bodies(&self) -> Result<Vec<Body>> {
                    let rows: Vec<BodyRow> = sqlx::query_as(
                        "SELECT b.id, b.name, b.short_name, b.parent_id, b.county_code, b.numbering, b.description, b.notice_days, b.logo_sha256 \
                         FROM bodies b LEFT JOIN bodies p ON p.id = b.parent_id \
                         ORDER BY COALESCE(p.name, b.name), b.parent_id IS NOT NULL, b.name",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(Body::try_from).collect()
                }

                async fn add_membership(&self, membership: &Membership) -> Result<Membership> {
                    Period::new(membership.period.start, membership.period.end)?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO memberships (body_id, person_id, organisation_id, role, period_start, period_end) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(membership.body_id.0)
                    .bind(membership.person_id.0)
                    .bind(membership.organisation_id.map(|o| o.0))
                    .bind(membership.role.code())
                    .bind(membership.period.start)
                    .bind(membership.period.end)
                    .fetch_one(&self.writer)
                    .await?;
                    Ok(Membership { id: MembershipId(id), ..membership.clone() })
                }

                async fn memberships(&self, body: BodyId) -> Result<Vec<Membership>> {
                    let rows: Vec<MembershipRow> = sqlx::query_as(
                        "SELECT id, body_id, person_id, organisation_id, role, period_start, period_end \
                         FROM memberships WHERE body_id = $1 ORDER BY id",
                    )
                    .bind(body.0)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(Membership::try_from).collect()
                }

                async fn create_meeting(&self, meeting: &Meeting) -> Result<Meeting> {
                    let mut meeting = meeting.clone();
                    meeting.ensure_confidential_key(random_key());
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let id = write_meeting(&mut tx, &meeting, None).await?;
                    let stored = fetch_meeting(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn meeting(&self, id: MeetingId) -> Result<Meeting> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_meeting(&mut conn, id).await
                }

                async fn meetings(&self, body: BodyId) -> Result<Vec<Meeting>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings(&mut conn, "body_id", body.0).await
                }

                async fn update_meeting(&self, meeting: &Meeting) -> Result<Meeting> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let stored = fetch_meeting(&mut tx, meeting.id).await?;
                    if stored.version != meeting.version {
                        return Err(StoreError::Conflict);
                    }
                    if stored.status.is_locked() {
                        // The one change an adjusted protocol accepts is its publication.
                        let published = Meeting {
                            status: meeting.status,
                            publication: meeting.publication.clone(),
                            ..stored.clone()
                        };
                        let publishing = stored.status.can_move_to(meeting.status) || stored.status == meeting.status;
                        if &published != meeting || !publishing {
                            return Err(DomainError::ProtocolAdjusted.into());
                        }
                    }
                    let claimed = sqlx::query("UPDATE meetings SET version = version WHERE id = $1 AND version = $2")
                        .bind(meeting.id.0)
                        .bind(meeting.version)
                        .execute(&mut *tx)
                        .await?;
                    if claimed.rows_affected() != 1 {
                        return Err(StoreError::Conflict);
                    }
                    write_meeting(&mut tx, meeting, Some(meeting.id)).await?;
                    if stored.date != meeting.date {
                        // Moved to another day, perhaps another year's § series: its numbers
                        // must still be free there.
                        let series = fetch_series(&mut tx, meeting.id, true).await?;
                        for own in series.iter().filter(|n| n.meeting == meeting.id) {
                            ensure_number_free(&own.number, Some(own.item), &series)?;
                        }
                    }
                    let stored = fetch_meeting(&mut tx, meeting.id).await?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn delete_meeting(&self, id: MeetingId, version: i64) -> Result<()> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let stored = fetch_meeting(&mut tx, id).await?;
                    if stored.version != version {
                        return Err(StoreError::Conflict);
                    }
                    stored.ensure_deletable()?;
                    let claimed = sqlx::query(concat!("SELECT id FROM meetings WHERE id = $1 AND version = $2", $update_lock))
                        .bind(id.0)
                        .bind(version)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if claimed.is_none() {
                        return Err(StoreError::Conflict);
                    }
                    // What another meeting links to (a follow-up, an assignment due here) stays.
                    let referenced: i64 = sqlx::query_scalar(
                        "SELECT (SELECT COUNT(*) FROM items i JOIN items o ON o.follows_up = i.id \
                           WHERE i.meeting_id = $1 AND o.meeting_id <> $1) \
                         + (SELECT COUNT(*) FROM assignments a JOIN items o ON o.id = a.item_id \
                           WHERE a.due_meeting_id = $1 AND o.meeting_id <> $1)",
                    )
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await?;
                    if referenced > 0 {
                        return Err(DomainError::MeetingReferenced.into());
                    }
                    for sql in [
                        "UPDATE items SET follows_up = NULL WHERE meeting_id = $1",
                        "UPDATE assignments SET due_meeting_id = NULL WHERE due_meeting_id = $1",
                        "DELETE FROM dispatches WHERE meeting_id = $1",
                        "DELETE FROM items WHERE meeting_id = $1",
                        "DELETE FROM meetings WHERE id = $1",
                    ] {
                        sqlx::query(sql).bind(id.0).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn add_item(&self, item: &Item) -> Result<Item> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    ensure_meeting_editable(&mut tx, item.meeting_id).await?;
                    ensure_number_free_in_series(&mut tx, item, None).await?;
                    let id = write_item(&mut tx, item, None).await?;
                    order_by_number(&mut tx, item.meeting_id).await?;
                    let stored = fetch_item(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn item(&self, id: ItemId) -> Result<Item> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_item(&mut conn, id).await
                }

                async fn series(&self, meeting: MeetingId) -> Result<Vec<Numbered>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_series(&mut conn, meeting, false).await
                }

                async fn items(&self, meeting: MeetingId) -> Result<Vec<Item>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_items(&mut conn, "meeting_id", meeting.0).await
                }

                async fn update_item(&self, item: &Item) -> Result<Item> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let stored = claim_item_version(&mut tx, item.id, item.version).await?;
                    if stored.meeting_id != item.meeting_id {
                        ensure_meeting_editable(&mut tx, item.meeting_id).await?;
                    }
                    ensure_number_free_in_series(&mut tx, item, Some(item.id)).await?;
                    write_item(&mut tx, item, Some(item.id)).await?;
                    order_by_number(&mut tx, item.meeting_id).await?;
                    if stored.meeting_id != item.meeting_id {
                        order_by_number(&mut tx, stored.meeting_id).await?;
                    }
                    let stored = fetch_item(&mut tx, item.id).await?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn notices_up(&self, day: chrono::NaiveDate, limit: i64) -> Result<Vec<Meeting>> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT id FROM meetings WHERE published_on IS NOT NULL AND published_on <= $1 \
                         AND (taken_down_on IS NULL OR taken_down_on >= $1) ORDER BY published_on DESC, id DESC LIMIT $2",
                    )
                    .bind(day)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn meeting_date_range(&self, body: BodyId) -> Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>> {
                    let range: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) =
                        sqlx::query_as("SELECT MIN(date), MAX(date) FROM meetings WHERE body_id = $1")
                            .bind(body.0)
                            .fetch_one(&self.pool)
                            .await?;
                    Ok(range.0.zip(range.1))
                }

                async fn meetings_between(
                    &self,
                    body: BodyId,
                    from: chrono::NaiveDate,
                    until: chrono::NaiveDate,
                    offset: i64,
                    limit: i64,
                ) -> Result<Vec<Meeting>> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT id FROM meetings WHERE body_id = $1 AND date >= $2 AND date < $3 \
                         ORDER BY date, id LIMIT $4 OFFSET $5",
                    )
                    .bind(body.0)
                    .bind(from)
                    .bind(until)
                    .bind(limit.clamp(1, 1000))
                    .bind(offset.max(0))
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn meeting_listings(&self, body: BodyId, offset: i64, limit: i64) -> Result<Vec<MeetingListing>> {
                    Ok(sqlx::query_as(
                        "SELECT id, body_id, date, start_time, end_time, place, status, content_sha256, published_on \
                         FROM meetings WHERE body_id = $1 ORDER BY date, id LIMIT $2 OFFSET $3",
                    )
                    .bind(body.0)
                    .bind(limit.clamp(1, 1000))
                    .bind(offset.max(0))
                    .fetch_all(&self.pool)
                    .await?)
                }

                async fn search_changes(&self, after: i64, limit: i64) -> Result<Vec<(i64, MeetingId)>> {
                    let rows: Vec<(i64, i64)> =
                        sqlx::query_as("SELECT id, meeting_id FROM search_changes WHERE id > $1 ORDER BY id LIMIT $2")
                            .bind(after)
                            .bind(limit.clamp(1, 10_000))
                            .fetch_all(&self.pool)
                            .await?;
                    Ok(rows.into_iter().map(|(id, meeting)| (id, MeetingId(meeting))).collect())
                }

                async fn last_search_change(&self) -> Result<i64> {
                    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM search_changes")
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(last.unwrap_or(0))
                }

                async fn followed_items(&self, body: BodyId, period: Option<Between>) -> Result<Vec<(chrono::NaiveDate, Item)>> {
                    // The ids first, from the body's meetings (by index) and EXISTS on the
                    // child tables' item index; then those items whole. One statement with
                    // the children read through "item_id IN (SELECT … OR …)" scanned the items,
                    // and PostgreSQL ran "EXISTS … OR EXISTS …" as a hash of every assignment:
                    // a union of two semi-joins stays on the indexes.
                    let items_of_year = format!(
                        "SELECT i.id, m.date FROM meetings m JOIN items i ON i.meeting_id = m.id \
                         WHERE m.body_id = $1 AND m.status IN ('adjusted', 'published'){} AND NOT i.confidential",
                        period_condition("m.date", period)
                    );
                    let found: Vec<(i64, chrono::NaiveDate)> = sqlx::query_as(&format!(
                        "{items_of_year} AND EXISTS (SELECT 1 FROM recommendations r WHERE r.item_id = i.id) \
                         UNION {items_of_year} AND EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id)"
                    ))
                    .bind(body.0)
                    .fetch_all(&self.pool)
                    .await?;
                    if found.is_empty() {
                        return Ok(Vec::new());
                    }
                    let dates: std::collections::HashMap<i64, chrono::NaiveDate> = found.iter().copied().collect();
                    // Only the items: their meetings' attendance is not what follow-up shows.
                    let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
                    let mut conn = self.pool.acquire().await?;
                    let mut pairs: Vec<(chrono::NaiveDate, Item)> = fetch_items_with_ids(&mut conn, &ids)
                        .await?
                        .into_iter()
                        .filter_map(|item| Some((*dates.get(&item.id.0)?, item)))
                        .collect();
                    pairs.sort_by(|(a, i), (b, j)| (*a, i.meeting_id.0, i.position).cmp(&(*b, j.meeting_id.0, j.position)));
                    Ok(pairs)
                }

                async fn memberships_of(&self, person: PersonId) -> Result<Vec<Membership>> {
                    let rows: Vec<MembershipRow> = sqlx::query_as(
                        "SELECT id, body_id, person_id, organisation_id, role, period_start, period_end \
                         FROM memberships WHERE person_id = $1 ORDER BY id",
                    )
                    .bind(person.0)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(Membership::try_from).collect()
                }

                async fn coming_meetings(&self, bodies: &[BodyId], from: chrono::NaiveDate, limit: i64) -> Result<Vec<Meeting>> {
                    if bodies.is_empty() {
                        return Ok(Vec::new());
                    }
                    let ids: Vec<i64> = sqlx::query_scalar(&format!(
                        "SELECT id FROM meetings WHERE body_id IN ({}) AND date >= $1 AND status <> 'cancelled' \
                         ORDER BY date, id LIMIT $2",
                        id_list(bodies.iter().map(|b| b.0))
                    ))
                    .bind(from)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn record_times(&self, kind: RecordKind, ids: &[i64]) -> Result<Vec<(i64, RecordTimes)>> {
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    // The table name comes from the enum and the ids are numbers: nothing from a user.
                    let rows: Vec<(i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>)> = sqlx::query_as(&format!(
                        "SELECT id, created_at, modified_at FROM {} WHERE id IN ({})",
                        kind.table(),
                        id_list(ids.iter().copied())
                    ))
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows
                        .into_iter()
                        .filter_map(|(id, created, modified)| {
                            let created = created?;
                            Some((id, RecordTimes { created, modified: modified.unwrap_or(created) }))
                        })
                        .collect())
                }

                async fn deletion(&self, kind: RecordKind, id: i64) -> Result<Option<Deletion>> {
                    let mut conn = self.pool.acquire().await?;
                    Ok(fetch_deletions(&mut conn, kind, &[id]).await?.pop())
                }

                async fn changes_since(&self, body: BodyId, since: DateTime<Utc>, offset: i64, limit: i64) -> Result<Vec<Change>> {
                    // SQLite keeps times as "YYYY-MM-DD HH:MM:SS" text: the bound time is
                    // brought to the same form before it is compared.
                    let since_sql = if $backend == "sqlite" { "datetime($2)" } else { "$2" };
                    let found: Vec<(i64, i64)> = sqlx::query_as(&format!(
                        "SELECT m.id, CAST(0 AS BIGINT) FROM meetings m WHERE m.body_id = $1 AND (m.modified_at >= {since_sql} \
                           OR EXISTS (SELECT 1 FROM items i WHERE i.meeting_id = m.id AND i.modified_at >= {since_sql})) \
                         UNION ALL SELECT record_id, CAST(1 AS BIGINT) FROM deletions \
                           WHERE kind = 'meeting' AND parent_id = $1 AND deleted_at >= {since_sql} \
                         ORDER BY 1, 2 LIMIT $3 OFFSET $4"
                    ))
                    .bind(body.0)
                    .bind(since)
                    .bind(limit.clamp(1, 1000))
                    .bind(offset.max(0))
                    .fetch_all(&self.pool)
                    .await?;
                    let ids = |gone: i64| -> Vec<i64> { found.iter().filter(|f| f.1 == gone).map(|f| f.0).collect() };
                    let mut conn = self.pool.acquire().await?;
                    let mut meetings: std::collections::HashMap<i64, Meeting> =
                        fetch_meetings_by_id(&mut conn, ids(0)).await?.into_iter().map(|m| (m.id.0, m)).collect();
                    let mut deletions: std::collections::HashMap<i64, Deletion> =
                        fetch_deletions(&mut conn, RecordKind::Meeting, &ids(1)).await?.into_iter().map(|d| (d.id, d)).collect();
                    Ok(found
                        .into_iter()
                        .filter_map(|(id, gone)| match gone {
                            0 => meetings.remove(&id).map(|m| Change::Changed(Box::new(m))),
                            _ => deletions.remove(&id).map(Change::Deleted),
                        })
                        .collect())
                }

                async fn recent_protocols(&self, body: BodyId, limit: i64) -> Result<Vec<Meeting>> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT id FROM meetings WHERE body_id = $1 AND status IN ('adjusted', 'published') \
                         ORDER BY date DESC, id DESC LIMIT $2",
                    )
                    .bind(body.0)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn returning_items(&self, body: BodyId, before: chrono::NaiveDate) -> Result<Vec<(Meeting, Vec<Item>)>> {
                    // The outcome is kept as JSON whose tag comes first: {"kind":"tabled",…}.
                    let found: Vec<(i64, i64)> = sqlx::query_as(
                        "SELECT i.id, m.id FROM meetings m JOIN items i ON i.meeting_id = m.id \
                         WHERE m.body_id = $1 AND m.date < $2 AND NOT i.confidential \
                         AND (i.outcome LIKE '{\"kind\":\"tabled\"%' \
                              OR EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id))",
                    )
                    .bind(body.0)
                    .bind(before)
                    .fetch_all(&self.pool)
                    .await?;
                    let latest: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM meetings WHERE body_id = $1 AND date < $2 ORDER BY date DESC, id DESC LIMIT 1",
                    )
                    .bind(body.0)
                    .bind(before)
                    .fetch_optional(&self.pool)
                    .await?;
                    let mut meeting_ids: Vec<i64> = found.iter().map(|(_, m)| *m).chain(latest).collect();
                    meeting_ids.sort_unstable();
                    meeting_ids.dedup();
                    let mut conn = self.pool.acquire().await?;
                    let item_ids: Vec<i64> = found.iter().map(|(i, _)| *i).collect();
                    let mut items: std::collections::HashMap<MeetingId, Vec<Item>> = std::collections::HashMap::new();
                    if !item_ids.is_empty() {
                        for item in fetch_items_with_ids(&mut conn, &item_ids).await? {
                            items.entry(item.meeting_id).or_default().push(item);
                        }
                    }
                    let mut meetings = fetch_meetings_by_id(&mut conn, meeting_ids).await?;
                    meetings.sort_by_key(|m| (m.date, m.id.0));
                    Ok(meetings
                        .into_iter()
                        .map(|meeting| {
                            // In the order of the meeting's agenda.
                            let mut own = items.remove(&meeting.id).unwrap_or_default();
                            own.sort_by_key(|i| (i.position, i.id.0));
                            (meeting, own)
                        })
                        .collect())
                }

                async fn open_meetings_after(&self, body: BodyId, date: chrono::NaiveDate, limit: i64) -> Result<Vec<Meeting>> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT id FROM meetings WHERE body_id = $1 AND date > $2 \
                         AND status NOT IN ('adjusted', 'published', 'cancelled') ORDER BY date, id LIMIT $3",
                    )
                    .bind(body.0)
                    .bind(date)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn unpublished(&self, bodies: &[BodyId], limit: i64) -> Result<Vec<Meeting>> {
                    if bodies.is_empty() {
                        return Ok(Vec::new());
                    }
                    let ids: Vec<i64> = sqlx::query_scalar(&format!(
                        "SELECT id FROM meetings WHERE body_id IN ({}) AND status = 'adjusted' ORDER BY date, id LIMIT $1",
                        id_list(bodies.iter().map(|b| b.0))
                    ))
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn assignments_to(
                    &self,
                    person: PersonId,
                    organisations: &[OrganisationId],
                    limit: i64,
                ) -> Result<Vec<(Meeting, Item)>> {
                    let organisations = id_list(organisations.iter().map(|o| o.0).chain([0]));
                    let ids: Vec<i64> = sqlx::query_scalar(&format!(
                        "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id \
                         WHERE m.status IN ('adjusted', 'published') AND NOT i.confidential AND i.id IN \
                           (SELECT item_id FROM assignments WHERE status <> 'closed' \
                            AND (assignee_person_id = $1 OR assignee_organisation_id IN ({organisations}))) \
                         ORDER BY m.date DESC, i.position LIMIT $2"
                    ))
                    .bind(person.0)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    items_by_id(&self.pool, ids).await
                }

                async fn recommendations_to(&self, organisation: OrganisationId, limit: i64) -> Result<Vec<(Meeting, Item)>> {
                    // Addressees are kept as JSON; ours is written compactly, so the id stands as
                    // `"organisation_id":N,` in it. Ids are numbers, so the pattern is exact.
                    let pattern = format!("%\"organisation_id\":{},%", organisation.0);
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id \
                         WHERE m.status IN ('adjusted', 'published') AND NOT i.confidential AND i.id IN \
                           (SELECT item_id FROM recommendations WHERE addressees LIKE $1) \
                         ORDER BY m.date DESC, i.position LIMIT $2",
                    )
                    .bind(pattern)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    items_by_id(&self.pool, ids).await
                }

                async fn overdue_assignments(
                    &self,
                    bodies: &[BodyId],
                    today: chrono::NaiveDate,
                    limit: i64,
                ) -> Result<Vec<(Meeting, Item)>> {
                    if bodies.is_empty() {
                        return Ok(Vec::new());
                    }
                    let ids: Vec<i64> = sqlx::query_scalar(&format!(
                        "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id \
                         WHERE m.body_id IN ({}) AND m.status IN ('adjusted', 'published') AND i.id IN \
                           (SELECT item_id FROM assignments WHERE status <> 'closed' AND due_kind = 'date' AND due_date < $1) \
                         ORDER BY m.date, i.position LIMIT $2",
                        id_list(bodies.iter().map(|b| b.0))
                    ))
                    .bind(today)
                    .bind(limit.clamp(1, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    items_by_id(&self.pool, ids).await
                }

                async fn meeting_counts(&self) -> Result<Vec<(BodyId, i64)>> {
                    let rows: Vec<(i64, i64)> =
                        sqlx::query_as("SELECT body_id, COUNT(*) FROM meetings GROUP BY body_id ORDER BY body_id")
                            .fetch_all(&self.pool)
                            .await?;
                    Ok(rows.into_iter().map(|(body, count)| (BodyId(body), count)).collect())
                }

                async fn meetings_to_adjust(&self, person: PersonId) -> Result<Vec<Meeting>> {
                    let ids: Vec<i64> = sqlx::query_scalar(
                        "SELECT m.id FROM meetings m WHERE m.status = 'sent_for_adjustment' AND EXISTS \
                         (SELECT 1 FROM adjusters a WHERE a.meeting_id = m.id AND a.person_id = $1 AND a.role <> 'secretary') \
                         ORDER BY m.date, m.id LIMIT 100",
                    )
                    .bind(person.0)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut conn = self.pool.acquire().await?;
                    fetch_meetings_by_id(&mut conn, ids).await
                }

                async fn approve(
                    &self,
                    meeting: MeetingId,
                    version: i64,
                    person: PersonId,
                    comment: Option<String>,
                    now: DateTime<Utc>,
                ) -> Result<(Meeting, ApprovalOutcome)> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    // The row lock waits for item saves in flight and holds off new ones, so the
                    // content hashed here is the content that gets locked.
                    sqlx::query(concat!("SELECT id FROM meetings WHERE id = $1", $update_lock))
                        .bind(meeting.0)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound { what: "Sammanträdet" })?;
                    let stored = fetch_meeting(&mut tx, meeting).await?;
                    if stored.version != version {
                        return Err(StoreError::Conflict);
                    }
                    let items = fetch_items(&mut tx, "meeting_id", meeting.0).await?;
                    let body: BodyRow = sqlx::query_as(
                        "SELECT id, name, short_name, parent_id, county_code, numbering, description, notice_days, logo_sha256 FROM bodies WHERE id = $1",
                    )
                    .bind(stored.body_id.0)
                    .fetch_one(&mut *tx)
                    .await?;
                    let mut protocol = Protocol { body: body.try_into()?, meeting: stored, items };
                    let outcome = protocol.approve(person, comment, now)?;
                    // The update bumps the version, so a form built on the old one is stale.
                    write_meeting(&mut tx, &protocol.meeting, Some(meeting)).await?;
                    let stored = fetch_meeting(&mut tx, meeting).await?;
                    tx.commit().await?;
                    Ok((stored, outcome))
                }

                async fn delete_item(&self, id: ItemId, version: i64) -> Result<()> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    claim_item_version(&mut tx, id, version).await?;
                    sqlx::query("DELETE FROM items WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn protocol(&self, meeting: MeetingId) -> Result<Protocol> {
                    let mut conn = self.pool.acquire().await?;
                    let meeting = fetch_meeting(&mut conn, meeting).await?;
                    let items = fetch_items(&mut conn, "meeting_id", meeting.id.0).await?;
                    drop(conn);
                    let body = self.body(meeting.body_id).await?;
                    Ok(Protocol { body, meeting, items })
                }

                async fn protocols(&self, meetings: &[MeetingId]) -> Result<Vec<Protocol>> {
                    if meetings.is_empty() {
                        return Ok(Vec::new());
                    }
                    let ids: Vec<i64> = meetings.iter().map(|m| m.0).collect();
                    let mut conn = self.pool.acquire().await?;
                    let found = fetch_meetings_by_id(&mut conn, ids.clone()).await?;
                    // Numbers from the caller's ids, written into the query as such.
                    let condition = format!("meeting_id IN ({}) AND $1 = $1", id_list(ids.iter().copied()));
                    let mut items: std::collections::HashMap<MeetingId, Vec<Item>> = std::collections::HashMap::new();
                    for item in fetch_items_where(&mut conn, &condition, 0).await? {
                        items.entry(item.meeting_id).or_default().push(item);
                    }
                    drop(conn);
                    let mut bodies: std::collections::HashMap<BodyId, Body> = std::collections::HashMap::new();
                    let mut protocols = Vec::with_capacity(found.len());
                    for meeting in found {
                        let body = match bodies.get(&meeting.body_id) {
                            Some(body) => body.clone(),
                            None => {
                                let body = self.body(meeting.body_id).await?;
                                bodies.insert(meeting.body_id, body.clone());
                                body
                            }
                        };
                        let items = items.remove(&meeting.id).unwrap_or_default();
                        protocols.push(Protocol { body, meeting, items });
                    }
                    Ok(protocols)
                }

                async fn create_protocol(&self, protocol: &Protocol) -> Result<Protocol> {
                    let mut meeting = protocol.meeting.clone();
                    meeting.ensure_confidential_key(random_key());
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let meeting_id = write_meeting(&mut tx, &meeting, None).await?;
                    for (position, item) in protocol.items.iter().enumerate() {
                        let item = Item { meeting_id, position: position as i32, ..item.clone() };
                        write_item(&mut tx, &item, None).await?;
                    }
                    tx.commit().await?;
                    self.protocol(meeting_id).await
                }

                async fn create_imported_protocol(
                    &self,
                    protocol: &Protocol,
                    grants: &[(usize, Grant)],
                    cost_shares: &[(usize, CostShare)],
                ) -> Result<Protocol> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let meeting_id = write_imported(&mut tx, protocol, grants, cost_shares).await?;
                    tx.commit().await?;
                    self.protocol(meeting_id).await
                }

                async fn add_pending_import(&self, pending: &PendingImport) -> Result<PendingImport> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    ensure_not_imported(&mut tx, &pending.source_sha256).await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO pending_imports (body_id, version, file_name, source_sha256, uploaded_by, uploaded_at, corrections) \
                         VALUES ($1, 1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(pending.body_id.0)
                    .bind(&pending.file_name)
                    .bind(&pending.source_sha256)
                    .bind(&pending.uploaded_by)
                    .bind(pending.uploaded_at)
                    .bind(&pending.corrections)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| match StoreError::from(e) {
                        StoreError::Duplicate { .. } => StoreError::Duplicate { what: "Samma fil som väntar på granskning" },
                        other => other,
                    })?;
                    tx.commit().await?;
                    self.pending_import(id).await
                }

                async fn pending_imports(&self, body: BodyId, limit: i64) -> Result<Vec<PendingImport>> {
                    let rows: Vec<PendingImportRow> = sqlx::query_as(&format!(
                        "SELECT {PENDING_COLUMNS} FROM pending_imports WHERE body_id = $1 ORDER BY id LIMIT $2"
                    ))
                    .bind(body.0)
                    .bind(limit.clamp(0, 1000))
                    .fetch_all(&self.pool)
                    .await?;
                    Ok(rows.into_iter().map(PendingImport::from).collect())
                }

                async fn pending_import(&self, id: i64) -> Result<PendingImport> {
                    let row: Option<PendingImportRow> =
                        sqlx::query_as(&format!("SELECT {PENDING_COLUMNS} FROM pending_imports WHERE id = $1"))
                            .bind(id)
                            .fetch_optional(&self.writer)
                            .await?;
                    row.map(PendingImport::from).ok_or(StoreError::NotFound { what: "Importen" })
                }

                async fn correct_pending_import(&self, id: i64, version: i64, corrections: &str) -> Result<PendingImport> {
                    let changed = sqlx::query(
                        "UPDATE pending_imports SET corrections = $1, version = version + 1 WHERE id = $2 AND version = $3",
                    )
                    .bind(corrections)
                    .bind(id)
                    .bind(version)
                    .execute(&self.writer)
                    .await?;
                    if changed.rows_affected() == 0 {
                        // Gone, or saved by someone else since the page was loaded.
                        self.pending_import(id).await?;
                        return Err(StoreError::Conflict);
                    }
                    self.pending_import(id).await
                }

                async fn complete_pending_import(
                    &self,
                    id: i64,
                    version: i64,
                    protocol: &Protocol,
                    grants: &[(usize, Grant)],
                    cost_shares: &[(usize, CostShare)],
                ) -> Result<Protocol> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let removed = sqlx::query("DELETE FROM pending_imports WHERE id = $1 AND version = $2")
                        .bind(id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?;
                    if removed.rows_affected() == 0 {
                        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM pending_imports WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?;
                        return Err(match exists {
                            Some(_) => StoreError::Conflict,
                            None => StoreError::NotFound { what: "Importen" },
                        });
                    }
                    let meeting_id = write_imported(&mut tx, protocol, grants, cost_shares).await?;
                    tx.commit().await?;
                    self.protocol(meeting_id).await
                }

                async fn discard_pending_import(&self, id: i64) -> Result<()> {
                    sqlx::query("DELETE FROM pending_imports WHERE id = $1").bind(id).execute(&self.writer).await?;
                    Ok(())
                }

                async fn create_grant(&self, grant: &Grant) -> Result<Grant> {
                    grant.validate()?;
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let id = write_grant(&mut tx, grant).await?;
                    let stored = one(fetch_grants(&mut tx, "id", id).await?, "Statsbidraget")?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn add_allocation(&self, grant: GrantId, allocation: &Allocation) -> Result<Grant> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    // Rows added at once take turns for their position (SQLite has one writer).
                    sqlx::query(concat!("SELECT id FROM grants WHERE id = $1", $update_lock))
                        .bind(grant.0)
                        .execute(&mut *tx)
                        .await?;
                    let mut stored = one(fetch_grants(&mut tx, "id", grant.0).await?, "Statsbidraget")?;
                    stored.allocations.push(allocation.clone());
                    stored.validate()?;
                    let position = next_position(&mut tx, "allocations", "grant_id", grant.0).await?;
                    insert_allocation(&mut tx, grant.0, position, allocation).await?;
                    let stored = one(fetch_grants(&mut tx, "id", grant.0).await?, "Statsbidraget")?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn extend_agreement(&self, agreement: AgreementId, extension: &AgreementExtension) -> Result<Agreement> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let mut stored = locked_agreement(&mut tx, agreement).await?;
                    stored.extensions.push(extension.clone());
                    stored.validate()?;
                    let position = next_position(&mut tx, "agreement_extensions", "agreement_id", agreement.0).await?;
                    insert_extension(&mut tx, agreement.0, position, extension).await?;
                    let stored = one(fetch_agreements(&mut tx, "id", agreement.0).await?, "Överenskommelsen")?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn add_agreement_parameter(&self, agreement: AgreementId, parameter: &YearlyParameter) -> Result<Agreement> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let mut stored = locked_agreement(&mut tx, agreement).await?;
                    stored.parameters.push(parameter.clone());
                    stored.validate()?;
                    let position = next_position(&mut tx, "agreement_parameters", "agreement_id", agreement.0).await?;
                    insert_parameter(&mut tx, agreement.0, position, parameter).await?;
                    let stored = one(fetch_agreements(&mut tx, "id", agreement.0).await?, "Överenskommelsen")?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn grant(&self, id: GrantId) -> Result<Grant> {
                    let mut conn = self.pool.acquire().await?;
                    one(fetch_grants(&mut conn, "id", id.0).await?, "Statsbidraget")
                }

                async fn grants(&self, body: BodyId) -> Result<Vec<Grant>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_grants(&mut conn, "body_id", body.0).await
                }

                async fn create_cost_share(&self, cost_share: &CostShare) -> Result<CostShare> {
                    cost_share.validate()?;
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let id = write_cost_share(&mut tx, cost_share).await?;
                    let stored = one(fetch_cost_shares(&mut tx, "id", id).await?, "Kostnadsfördelningen")?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn cost_share(&self, id: CostShareId) -> Result<CostShare> {
                    let mut conn = self.pool.acquire().await?;
                    one(fetch_cost_shares(&mut conn, "id", id.0).await?, "Kostnadsfördelningen")
                }

                async fn cost_shares(&self, body: BodyId) -> Result<Vec<CostShare>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_cost_shares(&mut conn, "body_id", body.0).await
                }

                async fn create_agreement(&self, agreement: &Agreement) -> Result<Agreement> {
                    agreement.validate()?;
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO agreements (body_id, title, period_start, period_end, yearly_duty, yearly_duty_month) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(agreement.body_id.0)
                    .bind(&agreement.title)
                    .bind(agreement.period.start)
                    .bind(agreement.period.end)
                    .bind(&agreement.yearly_duty)
                    .bind(agreement.yearly_duty_month.map(i64::from))
                    .fetch_one(&mut *tx)
                    .await?;
                    for (position, party) in agreement.parties.iter().enumerate() {
                        sqlx::query("INSERT INTO agreement_parties (agreement_id, position, organisation_id) VALUES ($1, $2, $3)")
                            .bind(id)
                            .bind(position as i64)
                            .bind(party.0)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for (position, e) in agreement.extensions.iter().enumerate() {
                        insert_extension(&mut tx, id, position as i64, e).await?;
                    }
                    for (position, p) in agreement.parameters.iter().enumerate() {
                        insert_parameter(&mut tx, id, position as i64, p).await?;
                    }
                    let stored = one(fetch_agreements(&mut tx, "id", id).await?, "Överenskommelsen")?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn agreement(&self, id: AgreementId) -> Result<Agreement> {
                    let mut conn = self.pool.acquire().await?;
                    one(fetch_agreements(&mut conn, "id", id.0).await?, "Överenskommelsen")
                }

                async fn agreements(&self, body: BodyId) -> Result<Vec<Agreement>> {
                    let mut conn = self.pool.acquire().await?;
                    fetch_agreements(&mut conn, "body_id", body.0).await
                }

                async fn record_response(&self, response: &RecommendationResponse) -> Result<RecommendationResponse> {
                    sqlx::query(
                        "INSERT INTO recommendation_responses (item_id, position, organisation_id, status, board, \
                         decided_on, reference, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                         ON CONFLICT (item_id, position, organisation_id) DO UPDATE SET status = excluded.status, \
                         board = excluded.board, decided_on = excluded.decided_on, reference = excluded.reference, \
                         recorded_at = excluded.recorded_at",
                    )
                    .bind(response.item_id.0)
                    .bind(i64::from(response.position))
                    .bind(response.organisation_id.0)
                    .bind(response.status.code())
                    .bind(&response.board)
                    .bind(response.decided_on)
                    .bind(&response.reference)
                    .bind(response.recorded_at)
                    .execute(&self.writer)
                    .await?;
                    Ok(response.clone())
                }

                async fn responses(&self, body: BodyId, period: Option<Between>) -> Result<Vec<RecommendationResponse>> {
                    type Row = (i64, i64, i64, String, Option<String>, Option<chrono::NaiveDate>, Option<String>, chrono::DateTime<Utc>);
                    let rows: Vec<Row> = sqlx::query_as(&format!(
                        "SELECT r.item_id, r.position, r.organisation_id, r.status, r.board, r.decided_on, r.reference, \
                         r.recorded_at FROM recommendation_responses r JOIN items i ON i.id = r.item_id \
                         JOIN meetings m ON m.id = i.meeting_id WHERE m.body_id = $1{} \
                         ORDER BY r.item_id, r.position, r.organisation_id",
                        period_condition("m.date", period)
                    ))
                    .bind(body.0)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(item, position, organisation, status, board, decided_on, reference, recorded_at)| {
                            Ok(RecommendationResponse {
                                item_id: ItemId(item),
                                position: position as i32,
                                organisation_id: OrganisationId(organisation),
                                status: ResponseStatus::from_code(&status).ok_or(StoreError::Corrupt {
                                    column: "recommendation_responses.status",
                                    value: status.clone(),
                                })?,
                                board,
                                decided_on,
                                reference,
                                recorded_at,
                            })
                        })
                        .collect()
                }

                async fn record_assignment_follow_up(&self, follow_up: &AssignmentFollowUp) -> Result<AssignmentFollowUp> {
                    sqlx::query(
                        "INSERT INTO assignment_follow_ups (item_id, position, status, note, updated_at) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (item_id, position) DO UPDATE SET \
                         status = excluded.status, note = excluded.note, updated_at = excluded.updated_at",
                    )
                    .bind(follow_up.item_id.0)
                    .bind(i64::from(follow_up.position))
                    .bind(follow_up.status.code())
                    .bind(&follow_up.note)
                    .bind(follow_up.updated_at)
                    .execute(&self.writer)
                    .await?;
                    Ok(follow_up.clone())
                }

                async fn assignment_follow_ups(&self, body: BodyId, period: Option<Between>) -> Result<Vec<AssignmentFollowUp>> {
                    type Row = (i64, i64, String, Option<String>, chrono::DateTime<Utc>);
                    let rows: Vec<Row> = sqlx::query_as(&format!(
                        "SELECT f.item_id, f.position, f.status, f.note, f.updated_at FROM assignment_follow_ups f \
                         JOIN items i ON i.id = f.item_id JOIN meetings m ON m.id = i.meeting_id \
                         WHERE m.body_id = $1{} ORDER BY f.item_id, f.position",
                        period_condition("m.date", period)
                    ))
                    .bind(body.0)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(item, position, status, note, updated_at)| {
                            Ok(AssignmentFollowUp {
                                item_id: ItemId(item),
                                position: position as i32,
                                status: AssignmentStatus::from_code(&status).ok_or(StoreError::Corrupt {
                                    column: "assignment_follow_ups.status",
                                    value: status.clone(),
                                })?,
                                note,
                                updated_at,
                            })
                        })
                        .collect()
                }

                async fn record_dispatch(&self, dispatch: &Dispatch) -> Result<Dispatch> {
                    let item_id = match dispatch.kind {
                        DispatchKind::Notice => None,
                        DispatchKind::Extract { item_id } => Some(item_id.0),
                    };
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO dispatches (meeting_id, item_id, subject, recipients, sent_by, sent_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(dispatch.meeting_id.0)
                    .bind(item_id)
                    .bind(&dispatch.subject)
                    .bind(to_json(&dispatch.recipients)?)
                    .bind(&dispatch.sent_by)
                    .bind(dispatch.sent_at)
                    .fetch_one(&self.writer)
                    .await?;
                    Ok(Dispatch {
                        id: DispatchId(id),
                        ..dispatch.clone()
                    })
                }

                async fn dispatches(&self, meeting: MeetingId) -> Result<Vec<Dispatch>> {
                    let rows: Vec<DispatchRow> = sqlx::query_as(
                        "SELECT id, meeting_id, item_id, subject, recipients, sent_by, sent_at FROM dispatches \
                         WHERE meeting_id = $1 ORDER BY sent_at, id",
                    )
                    .bind(meeting.0)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter().map(Dispatch::try_from).collect()
                }

                async fn put_file(&self, sha256: &str, media_type: &str, content: &[u8]) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO files (sha256, media_type, size, content, stored_at) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (sha256) DO NOTHING",
                    )
                    .bind(sha256)
                    .bind(media_type)
                    .bind(content.len() as i64)
                    .bind(content)
                    .bind(Utc::now())
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn file(&self, sha256: &str) -> Result<(String, Vec<u8>)> {
                    sqlx::query_as("SELECT media_type, content FROM files WHERE sha256 = $1")
                        .bind(sha256)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound { what: "Filen" })
                }

                async fn rendering(&self, meeting: MeetingId, variant: &str, content_sha256: &str) -> Result<Option<Vec<u8>>> {
                    Ok(sqlx::query_scalar(
                        "SELECT content FROM renderings WHERE meeting_id = $1 AND variant = $2 AND content_sha256 = $3",
                    )
                    .bind(meeting.0)
                    .bind(variant)
                    .bind(content_sha256)
                    .fetch_optional(&self.pool)
                    .await?)
                }

                async fn meeting_by_source(&self, sha256: &str) -> Result<Option<MeetingId>> {
                    let mut conn = self.pool.acquire().await?;
                    Ok(imported_from(&mut conn, sha256).await?.map(MeetingId))
                }

                async fn locked_rendering(&self, meeting: MeetingId, variant: &str) -> Result<Option<LockedRendering>> {
                    let row: Option<(String, i64, Vec<u8>)> = sqlx::query_as(
                        "SELECT r.content_sha256, m.version, r.content FROM renderings r JOIN meetings m ON m.id = r.meeting_id \
                         WHERE r.meeting_id = $1 AND r.variant = $2 || ':' || CAST(m.version AS TEXT) \
                         AND m.status IN ('adjusted', 'published') AND m.content_sha256 = r.content_sha256",
                    )
                    .bind(meeting.0)
                    .bind(variant)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(row.map(|(content_sha256, meeting_version, content)| LockedRendering {
                        content_sha256,
                        meeting_version,
                        content,
                    }))
                }

                async fn put_rendering(&self, meeting: MeetingId, variant: &str, content_sha256: &str, content: &[u8]) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO renderings (meeting_id, variant, content_sha256, content, rendered_at) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, variant) DO NOTHING",
                    )
                    .bind(meeting.0)
                    .bind(variant)
                    .bind(content_sha256)
                    .bind(content)
                    .bind(Utc::now())
                    .execute(&self.writer)
                    .await?;
                    Ok(())
                }

                async fn is_rendering(&self, meeting: MeetingId, content: &[u8]) -> Result<bool> {
                    let found: Option<i64> =
                        sqlx::query_scalar("SELECT 1 FROM renderings WHERE meeting_id = $1 AND content = $2 LIMIT 1")
                            .bind(meeting.0)
                            .bind(content)
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok(found.is_some())
                }

                async fn file_hashes(&self) -> Result<Vec<String>> {
                    Ok(sqlx::query_scalar("SELECT sha256 FROM files ORDER BY sha256").fetch_all(&self.pool).await?)
                }

                async fn create_user(&self, user: &NewUser) -> Result<User> {
                    sqlx::query(
                        "INSERT INTO users (username, display_name, password_hash, role, person_id, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&user.username)
                    .bind(&user.display_name)
                    .bind(&user.password_hash)
                    .bind(user.role.code())
                    .bind(user.person_id.map(|p| p.0))
                    .bind(Utc::now())
                    .execute(&self.writer)
                    .await
                    .map_err(duplicate("En användare med det namnet"))?;
                    self.user_by_username(&user.username).await?.ok_or(StoreError::NotFound { what: "Användaren" })
                }

                async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
                    let row: Option<UserRow> =
                        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
                            .bind(username)
                            .fetch_optional(&self.pool)
                            .await?;
                    row.map(User::try_from).transpose()
                }

                async fn users(&self) -> Result<Vec<User>> {
                    let rows: Vec<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"))
                        .fetch_all(&self.pool)
                        .await?;
                    rows.into_iter().map(User::try_from).collect()
                }

                async fn set_user_disabled(&self, user: UserId, disabled: bool) -> Result<()> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let changed = sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                        .bind(disabled)
                        .bind(user.0)
                        .execute(&mut *tx)
                        .await?;
                    end_sessions_if_changed(&mut tx, user, changed.rows_affected(), disabled).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<()> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    let changed = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                        .bind(password_hash)
                        .bind(user.0)
                        .execute(&mut *tx)
                        .await?;
                    end_sessions_if_changed(&mut tx, user, changed.rows_affected(), true).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn claim_submission(&self, token: &str, now: DateTime<Utc>) -> Result<Option<Option<String>>> {
                    let mut tx = self.writer.begin_with($begin_write).await?;
                    // A day is far longer than any form stays open unsent; older claims go.
                    sqlx::query("DELETE FROM form_submissions WHERE claimed_at < $1")
                        .bind(now - chrono::Duration::days(1))
                        .execute(&mut *tx)
                        .await?;
                    let claimed = sqlx::query(
                        "INSERT INTO form_submissions (token, claimed_at) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING",
                    )
                    .bind(token)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    let earlier = if claimed.rows_affected() == 1 {
                        None
                    } else {
                        let location: Option<String> =
                            sqlx::query_scalar("SELECT location FROM form_submissions WHERE token = $1")
                                .bind(token)
                                .fetch_one(&mut *tx)
                                .await?;
                        Some(location)
                    };
                    tx.commit().await?;
                    Ok(earlier)
                }

                async fn finish_submission(&self, token: &str, location: Option<&str>) -> Result<()> {
                    match location {
                        Some(location) => sqlx::query("UPDATE form_submissions SET location = $1 WHERE token = $2")
                            .bind(location)
                            .bind(token)
                            .execute(&self.writer)
                            .await?,
                        None => sqlx::query("DELETE FROM form_submissions WHERE token = $1")
                            .bind(token)
                            .execute(&self.writer)
                            .await?,
                    };
                    Ok(())
                }

                async fn calendar_token(&self, user: UserId, fresh: &str) -> Result<String> {
                    let existing: Option<String> = sqlx::query_scalar("SELECT calendar_token FROM users WHERE id = $1")
                        .bind(user.0)
                        .fetch_optional(&self.pool)
                        .await?
                        .flatten();
                    if let Some(token) = existing {
                        return Ok(token);
                    }
                    sqlx::query("UPDATE users SET calendar_token = $1 WHERE id = $2 AND calendar_token IS NULL")
                        .bind(fresh)
                        .bind(user.0)
                        .execute(&self.writer)
                        .await?;
                    let token: Option<String> = sqlx::query_scalar("SELECT calendar_token FROM users WHERE id = $1")
                        .bind(user.0)
                        .fetch_optional(&self.pool)
                        .await?
                        .flatten();
                    token.ok_or(StoreError::NotFound { what: "Användaren" })
                }

                async fn user_by_calendar_token(&self, token: &str) -> Result<Option<User>> {
                    let row: Option<UserRow> = sqlx::query_as(&format!(
                        "SELECT {USER_COLUMNS} FROM users WHERE calendar_token = $1 AND NOT disabled"
                    ))
                    .bind(token)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(User::try_from).transpose()
                }

                async fn create_session(&self, token_sha256: &str, user: UserId, expires_at: DateTime<Utc>) -> Result<()> {
                    let now = Utc::now();
                    // Expired sessions are swept here, so the table holds only the living.
                    sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&self.writer).await?;
                    sqlx::query("INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                        .bind(token_sha256)
                        .bind(user.0)
                        .bind(now)
                        .bind(expires_at)
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn session_user(&self, token_sha256: &str, now: DateTime<Utc>) -> Result<Option<User>> {
                    let columns = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ");
                    let row: Option<UserRow> = sqlx::query_as(&format!(
                        "SELECT {columns} FROM sessions s JOIN users u ON u.id = s.user_id \
                         WHERE s.token_sha256 = $1 AND s.expires_at > $2 AND NOT u.disabled"
                    ))
                    .bind(token_sha256)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(User::try_from).transpose()
                }

                async fn end_session(&self, token_sha256: &str) -> Result<()> {
                    sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1").bind(token_sha256).execute(&self.writer).await?;
                    Ok(())
                }

                async fn end_sessions_of(&self, user: UserId) -> Result<u64> {
                    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(user.0)
                        .execute(&self.writer)
                        .await?
                        .rows_affected())
                }

                async fn record_login_failure(&self, key: &str, now: DateTime<Utc>, reset_before: DateTime<Utc>) -> Result<i64> {
                    // One statement, so that parallel failures on several servers all count.
                    Ok(sqlx::query_scalar(
                        "INSERT INTO login_failures (key, failures, last_failure_at) VALUES ($1, 1, $2) \
                         ON CONFLICT (key) DO UPDATE SET \
                         failures = CASE WHEN login_failures.last_failure_at < $3 THEN 1 ELSE login_failures.failures + 1 END, \
                         last_failure_at = $2 RETURNING failures",
                    )
                    .bind(key)
                    .bind(now)
                    .bind(reset_before)
                    .fetch_one(&self.writer)
                    .await?)
                }

                async fn login_failures(&self, key: &str) -> Result<Option<(i64, DateTime<Utc>)>> {
                    Ok(sqlx::query_as("SELECT failures, last_failure_at FROM login_failures WHERE key = $1")
                        .bind(key)
                        .fetch_optional(&self.pool)
                        .await?)
                }

                async fn clear_login_failures(&self, key: &str) -> Result<()> {
                    sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.writer).await?;
                    Ok(())
                }
            }
        };
    };
}
