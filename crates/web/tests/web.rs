//! The web application started on port 0 with a fresh SQLite database per test.

use std::sync::Arc;

use samverkan_domain::*;
use samverkan_storage::Store;
use samverkan_storage_sqlite::SqliteStore;
use samverkan_web::{router, AppState};

struct TestApp {
    address: String,
    store: Arc<dyn Store>,
}

impl TestApp {
    async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("{}{path}", self.address)).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

async fn spawn_app() -> TestApp {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_temporary().await.unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let app = router(AppState::new(store.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    TestApp { address, store }
}

/// A body with one meeting of two items, the second confidential.
async fn seed(store: &dyn Store) -> (Body, Meeting) {
    let body = store
        .create_body(&Body {
            id: BodyId::NEW,
            name: "Testnämnden för vård & omsorg".into(),
            short_name: "TVO".into(),
            parent_id: None,
            county_code: Some("07".into()),
            numbering: NumberingRule::PerYear,
            description: None,
        })
        .await
        .unwrap();
    let mut meeting = Meeting::plan(
        body.id,
        "2026-03-13".parse().unwrap(),
        Some("09:00:00".parse().unwrap()),
        Some("11:30:00".parse().unwrap()),
        Some("Stadshuset, Växjö".into()),
    )
    .unwrap();
    meeting.attendance.push(Attendance {
        person_id: None,
        organisation_id: None,
        name: Some("Anna Testsson".into()),
        title: None,
        role: Some(Role::Ordforande),
        voting: true,
        status: AttendanceStatus::Present,
        presence: Presence::Whole,
    });
    let meeting = store.create_meeting(&meeting).await.unwrap();
    let mut open = Item::new(ItemNumber::paragraph(12), "Samordnad individuell plan <SIP>");
    open.meeting_id = meeting.id;
    open.notes = vec!["Arbetsgruppen redovisade uppföljningen.".into()];
    open.decision = Some(Decision {
        preamble: Some("TVO beslutar".into()),
        clauses: vec![Clause {
            label: None,
            text: "att godkänna redovisningen".into(),
        }],
    });
    open.outcome = Some(ItemOutcome::Decided);
    store.add_item(&open).await.unwrap();
    let mut secret = Item::new(ItemNumber::paragraph(13), "Enskilt ärende om Hemlig Person");
    secret.meeting_id = meeting.id;
    secret.position = 1;
    secret.notes = vec!["Uppgifter som omfattas av sekretess.".into()];
    secret.confidential = true;
    store.add_item(&secret).await.unwrap();
    (body, meeting)
}

#[tokio::test]
async fn health_answers_ok() {
    let app = spawn_app().await;
    assert_eq!(app.get("/health").await, (200, "ok".to_string()));
}

#[tokio::test]
async fn start_page_lists_bodies_and_escapes_their_names() {
    let app = spawn_app().await;
    let (empty_status, empty) = app.get("/").await;
    assert_eq!(empty_status, 200);
    assert!(empty.contains("Det finns inga organ ännu."));
    let (body, _) = seed(app.store.as_ref()).await;
    let (status, page) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<html lang="sv">"#));
    assert!(page.contains(&format!(
        r#"<a href="/organ/{}">Testnämnden för vård &#38; omsorg</a>"#,
        body.id
    )));
}

#[tokio::test]
async fn meeting_page_shows_the_protocol_and_hides_confidential_items() {
    let app = spawn_app().await;
    let (_, meeting) = seed(app.store.as_ref()).await;
    let (status, page) = app.get(&format!("/moten/{}", meeting.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Samordnad individuell plan &#60;SIP&#62;"));
    assert!(page.contains("att godkänna redovisningen"));
    assert!(page.contains("Sekretessbelagt ärende"));
    assert!(!page.contains("Hemlig Person"));
    assert!(!page.contains("omfattas av sekretess"));
    let main = page.split("<main>").nth(1).unwrap().split("</main>").next().unwrap();
    insta::assert_snapshot!(
        "meeting_page",
        main.replace(&format!("/organ/{}", meeting.body_id), "/organ/ID")
    );
}

#[tokio::test]
async fn body_page_lists_meetings_with_status() {
    let app = spawn_app().await;
    let (body, meeting) = seed(app.store.as_ref()).await;
    let (status, page) = app.get(&format!("/organ/{}", body.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!(r#"<a href="/moten/{}">2026-03-13</a>"#, meeting.id)));
    assert!(page.contains("09.00–11.30"));
    assert!(page.contains("planerat"));
}

#[tokio::test]
async fn missing_pages_answer_404_with_a_swedish_sentence() {
    let app = spawn_app().await;
    for path in ["/moten/999", "/moten/abc", "/organ/-1", "/finns-inte"] {
        let (status, page) = app.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains("finns inte."), "{path}: {page}");
    }
}

#[tokio::test]
async fn api_returns_the_public_protocol_as_json() {
    let app = spawn_app().await;
    let (body, meeting) = seed(app.store.as_ref()).await;
    let (status, text) = app.get(&format!("/api/v1/meetings/{}", meeting.id)).await;
    assert_eq!(status, 200);
    let protocol: Protocol = serde_json::from_str(&text).unwrap();
    assert_eq!(protocol.body, body);
    assert_eq!(protocol.items.len(), 2);
    assert_eq!(protocol.items[1].title, "Sekretessbelagt ärende");
    assert!(protocol.items[1].notes.is_empty());
    assert!(!text.contains("Hemlig"));

    let (status, text) = app.get("/api/v1/meetings/999").await;
    assert_eq!(status, 404);
    let error: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(error["error"], "Sammanträdet finns inte.");
}

#[tokio::test]
async fn openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let (status, text) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/bodies",
        "/bodies/{id}",
        "/bodies/{id}/meetings",
        "/meetings/{id}",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
        let (status, _) = app.get(&format!("/api/v1{}", path.replace("{id}", "1"))).await;
        assert_ne!(status, 405, "{path}");
    }
}
