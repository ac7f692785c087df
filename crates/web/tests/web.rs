//! The web application started on port 0 with a fresh SQLite database per test.

use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use samverkan_domain::*;
use samverkan_storage::{NewUser, Store, UserRole};
use samverkan_storage_sqlite::SqliteStore;
use samverkan_web::AppState;

struct TestApp {
    address: String,
    store: Arc<dyn Store>,
    state: AppState,
    http: reqwest::Client,
}

/// One browser: it keeps the session cookie it was given, like a real one.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: std::sync::Mutex<Option<String>>,
}

struct Reply {
    status: u16,
    location: Option<String>,
    text: String,
}

impl TestApp {
    async fn get(&self, path: &str) -> (u16, String) {
        let reply = self.browser().get(path).await;
        (reply.status, reply.text)
    }

    fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            cookie: std::sync::Mutex::new(None),
        }
    }
}

impl Browser<'_> {
    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let cookie = self.cookie.lock().unwrap().clone();
        let request = match cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        };
        let response = request.send().await.unwrap();
        if let Some(set) = response.headers().get("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap().to_string();
            *self.cookie.lock().unwrap() = Some(pair);
        }
        Reply {
            status: response.status().as_u16(),
            location: response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string()),
            text: response.text().await.unwrap(),
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(self.app.http.get(format!("{}{path}", self.app.address)))
            .await
    }

    /// The CSRF token of the session, as the page's forms carry it.
    async fn csrf(&self, page: &str) -> String {
        let text = self.get(page).await.text;
        let start = text.find(r#"name="_csrf" value=""#).expect("a form with a CSRF token") + 20;
        text[start..start + 64].to_string()
    }

    /// The CSRF token and the one-time form token of the page's form.
    async fn form_tokens(&self, page: &str) -> (String, String) {
        let text = self.get(page).await.text;
        let value = |name: &str| {
            let marker = format!(r#"name="{name}" value=""#);
            let start = text.find(&marker).unwrap_or_else(|| panic!("{name} on {page}")) + marker.len();
            text[start..].split('"').next().unwrap().to_string()
        };
        (value("_csrf"), value("_once"))
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let request = self
            .app
            .http
            .post(format!("{}{path}", self.app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(request).await
    }

    /// Posts a form with the session's CSRF token, as the page at `form_page` would.
    async fn submit(&self, form_page: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf(form_page).await;
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    async fn log_in(&self, username: &str) {
        let reply = self
            .submit(
                "/logga-in",
                "/logga-in",
                &[("username", username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(reply.status, 303, "{username} logs in: {}", reply.text);
    }
}

const PASSWORD: &str = "rätt lösenord";

async fn spawn_app() -> TestApp {
    spawn_app_with(|state| state).await
}

async fn spawn_app_with(configure: impl FnOnce(AppState) -> AppState) -> TestApp {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open_temporary().await.unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = configure(AppState::new(store.clone()));
    let app = state.clone().into_service();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        store,
        state,
        http,
    }
}

/// Sara, the body's secretary, with her account "sara" (the password is [`PASSWORD`]).
async fn secretary_user(store: &dyn Store, body: BodyId) -> Person {
    let secretary = person_with_role(store, body, "Sara Sekreterare", Role::Sekreterare).await;
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    secretary
}

async fn user(store: &dyn Store, username: &str, role: UserRole, person: Option<PersonId>) {
    let salt = SaltString::encode_b64(b"fixed test salt!").unwrap();
    let hash = Argon2::default().hash_password(PASSWORD.as_bytes(), &salt).unwrap();
    store
        .create_user(&NewUser {
            username: username.into(),
            display_name: username.into(),
            password_hash: hash.to_string(),
            role,
            person_id: person,
        })
        .await
        .unwrap();
}

async fn person_with_role(store: &dyn Store, body: BodyId, name: &str, role: Role) -> Person {
    let first = name.split(' ').next().unwrap().to_lowercase();
    let person = store
        .create_person(&Person {
            id: PersonId::NEW,
            name: name.into(),
            title: None,
            email: (role == Role::Ledamot).then(|| format!("{first}@example.invalid")),
        })
        .await
        .unwrap();
    store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: body,
            person_id: person.id,
            organisation_id: None,
            role,
            period: Period::new("2020-01-01".parse().unwrap(), None).unwrap(),
        })
        .await
        .unwrap();
    person
}

/// A body with one published meeting of two items, the second confidential.
/// A second body, like `body` in all but its names.
async fn another_body(store: &dyn Store, body: &Body) -> Body {
    store
        .create_body(&Body {
            name: "Ett annat organ".into(),
            short_name: "AAO".into(),
            ..body.clone()
        })
        .await
        .unwrap()
}

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
            notice_days: 21,
            logo_sha256: None,
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
    meeting.status = MeetingStatus::Published;
    meeting.attendance.push(Attendance {
        person_id: None,
        organisation_id: None,
        organisation: None,
        name: Some("Anna Testsson".into()),
        title: None,
        role: Some(Role::Ordforande),
        voting: true,
        status: AttendanceStatus::Present,
        presence: Presence::Whole,
    });
    let mut open = Item::new(ItemNumber::paragraph(12), "Samordnad individuell plan <SIP>");
    open.notes = vec!["Arbetsgruppen redovisade uppföljningen.".into()];
    open.decision = Some(Decision {
        preamble: Some("TVO beslutar".into()),
        clauses: vec![Clause {
            label: None,
            text: "att godkänna redovisningen".into(),
        }],
    });
    open.outcome = Some(ItemOutcome::Decided);
    let mut secret = Item::new(ItemNumber::paragraph(13), "Enskilt ärende om Hemlig Person");
    secret.position = 1;
    secret.notes = vec!["Uppgifter som omfattas av sekretess.".into()];
    secret.confidential = true;
    let protocol = store
        .create_protocol(&Protocol {
            body: body.clone(),
            meeting,
            items: vec![open, secret],
        })
        .await
        .unwrap();
    (body, protocol.meeting)
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
    // Blank lines come and go with template tags; the snapshot is of what the page says.
    let lines: Vec<&str> = main.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    insta::assert_snapshot!(
        "meeting_page",
        lines
            .join("\n")
            .replace(&format!("/organ/{}", meeting.body_id), "/organ/ID")
    );
    // The public page is kept once made; a member of the body still gets the whole protocol.
    let (_, again) = app.get(&format!("/moten/{}", meeting.id)).await;
    assert_eq!(again, page);
    let member = person_with_role(app.store.as_ref(), meeting.body_id, "Mia Medlem", Role::Ledamot).await;
    user(app.store.as_ref(), "mia", UserRole::Member, Some(member.id)).await;
    let mia = app.browser();
    mia.log_in("mia").await;
    let theirs = mia.get(&format!("/moten/{}", meeting.id)).await;
    assert!(theirs.text.contains("Hemlig Person"), "{}", theirs.text);
}

#[tokio::test]
async fn body_page_lists_meetings_with_status() {
    let app = spawn_app().await;
    let (body, meeting) = seed(app.store.as_ref()).await;
    let (status, page) = app.get(&format!("/organ/{}", body.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!(r#"<a href="/moten/{}">2026-03-13</a>"#, meeting.id)));
    assert!(page.contains("09.00–11.30"));
    assert!(page.contains("publicerat"));
    assert!(!page.contains("Planera sammanträde"), "the public cannot plan meetings");
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
    let protocol: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(protocol["body"]["name"], body.name.as_str());
    assert_eq!(protocol["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        protocol["items"][0]["decision"]["clauses"][0],
        "att godkänna redovisningen"
    );
    assert_eq!(protocol["items"][1]["title"], "Sekretessbelagt ärende");
    assert_eq!(protocol["items"][1]["notes"], serde_json::json!([]));
    assert!(!text.contains("Hemlig"));
    // Only the API's own fields, nothing the domain keeps for itself.
    for internal in ["version", "confidential_key", "approved_sha256", "comment", "position"] {
        assert!(!text.contains(&format!("\"{internal}\"")), "{internal} in {text}");
    }

    let (status, text) = app.get("/api/v1/meetings/999").await;
    assert_eq!(status, 404);
    let error: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(error["error"], "Sammanträdet finns inte.");
}

#[tokio::test]
async fn openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    seed(app.store.as_ref()).await;
    let (status, text) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let paths = document["paths"].as_object().unwrap();
    // Every API route of the router's own table, and nothing else, is documented.
    let api: std::collections::BTreeSet<String> = samverkan_web::route_table()
        .into_iter()
        .filter_map(|r| r.path.strip_prefix("/api/v1").map(str::to_string))
        .collect();
    let documented: std::collections::BTreeSet<String> = paths.keys().cloned().collect();
    assert_eq!(api, documented);
    for path in &api {
        let (status, _) = app
            .get(&format!("/api/v1{}?q=%C3%A4rende", path.replace("{id}", "1")))
            .await;
        assert_eq!(status, 200, "{path}");
    }
}

#[tokio::test]
async fn the_public_sees_only_the_agenda_of_a_draft() {
    let app = spawn_app().await;
    let (body, _) = seed(app.store.as_ref()).await;
    let member = person_with_role(app.store.as_ref(), body.id, "Mia Medlem", Role::Ledamot).await;
    user(app.store.as_ref(), "mia", UserRole::Member, Some(member.id)).await;
    let draft = app
        .store
        .create_meeting(&Meeting::plan(body.id, "2026-05-08".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let mut item = Item::new(ItemNumber::paragraph(20), "Budget för nästa år");
    item.meeting_id = draft.id;
    item.notes = vec!["Utkast: siffrorna är inte klara.".into()];
    app.store.add_item(&item).await.unwrap();

    let (status, page) = app.get(&format!("/moten/{}", draft.id)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Budget för nästa år"));
    assert!(page.contains("Protokollet är inte justerat ännu."));
    assert!(!page.contains("siffrorna är inte klara"));
    let (_, json) = app.get(&format!("/api/v1/meetings/{}", draft.id)).await;
    assert!(!json.contains("siffrorna är inte klara"));

    let browser = app.browser();
    browser.log_in("mia").await;
    let page = browser.get(&format!("/moten/{}", draft.id)).await.text;
    assert!(page.contains("siffrorna är inte klara"), "a member reads the draft");
    assert!(page.contains("Inloggad som mia"));
    assert!(!page.contains("Lägg till ärende"), "a member does not edit");
}

#[tokio::test]
async fn login_refuses_a_wrong_password_and_logout_ends_the_session() {
    let app = spawn_app().await;
    user(app.store.as_ref(), "sara", UserRole::Secretary, None).await;
    let browser = app.browser();
    let wrong = browser
        .submit("/logga-in", "/logga-in", &[("username", "sara"), ("password", "fel")])
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.text.contains("Fel användarnamn eller lösenord."));
    assert!(!wrong.text.contains("Inloggad som"));

    browser.log_in("sara").await;
    assert!(browser.get("/").await.text.contains("Inloggad som sara"));
    let out = browser.submit("/", "/logga-ut", &[]).await;
    assert_eq!(out.status, 303);
    assert!(!browser.get("/").await.text.contains("Inloggad som"));
}

#[tokio::test]
async fn a_secretary_writes_motions_votes_and_reservations_into_the_minutes() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let meeting = store
        .create_meeting(&Meeting::plan(body.id, "2026-09-01".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let sara = app.browser();
    sara.log_in("sara").await;
    let new_item = format!("/moten/{}/arenden/nytt", meeting.id);
    let form = sara.get(&new_item).await.text;
    assert!(form.contains("Beslutsgång") && form.contains(r#"name="votes""#));
    let motions = "Anna Ek (S): bifall till förslaget\nDan Dahl (V): avslag";
    let votes = "Ja för bifall, nej för avslag.\nJa 2, nej 1, avstår 0\nAnna Ek: Ja\nBo Berg: Ja\nDan Dahl: Nej";
    let fields = |votes: &'static str| {
        vec![
            ("number", "30"),
            ("title", "Gemensam riktlinje för trygg hemgång"),
            ("clauses", "att anta riktlinjen"),
            ("outcome", "decided"),
            ("basis", "Tjänsteskrivelse 2026-08-15"),
            ("motions", motions),
            (
                "procedure",
                "Ordföranden ställer förslagen mot varandra och finner bifall.",
            ),
            ("votes", votes),
            ("reservations", "Dan Dahl (V): till förmån för eget yrkande"),
        ]
    };
    // A roll call that does not add up: refused beside the field, what was typed kept.
    let wrong = "Ja 3, nej 1, avstår 0\nAnna Ek: Ja\nDan Dahl: Nej";
    let refused = sara.submit(&new_item, &new_item, &fields(wrong)).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused.text.contains(r#"aria-describedby="votes-error""#),
        "{}",
        refused.text
    );
    assert!(
        refused.text.contains("Anna Ek (S): bifall till förslaget"),
        "input kept"
    );
    assert!(store.items(meeting.id).await.unwrap().is_empty(), "nothing stored");

    let added = sara.submit(&new_item, &new_item, &fields(votes)).await;
    assert_eq!(added.status, 303, "{}", added.text);
    let item = store.items(meeting.id).await.unwrap().remove(0);
    let proceedings = &item.proceedings;
    assert_eq!(proceedings.basis, ["Tjänsteskrivelse 2026-08-15"]);
    assert_eq!(proceedings.motions[1].persons, ["Dan Dahl (V)"]);
    assert_eq!((proceedings.votes[0].yes, proceedings.votes[0].no), (2, 1));
    assert_eq!(proceedings.votes[0].ballots.len(), 3);
    assert_eq!(proceedings.reservations[0].text, "till förmån för eget yrkande");
    // The meeting page shows them as a protocol does, and the form gives them back to edit.
    let page = sara.get(&format!("/moten/{}", meeting.id)).await.text;
    for text in [
        "Yrkanden",
        "Omröstning",
        "Ja 2, nej 1, avstår 0",
        "Reservationer",
        "Dan Dahl (V)",
    ] {
        assert!(page.contains(text), "{text}");
    }
    let edit = sara
        .get(&format!("/moten/{}/arenden/{}", meeting.id, item.id))
        .await
        .text;
    assert!(edit.contains("Dan Dahl: Nej"), "the roll call back in its field");
    let minutes = sara.get(&format!("/moten/{}/protokoll", meeting.id)).await.text;
    assert!(minutes.contains("Dan Dahl: Nej"), "and on the one-page minutes");
    // A § saved from a form that does not carry the beslutsgång keeps it.
    let fresh = store.item(item.id).await.unwrap();
    let path = format!("/moten/{}/arenden/{}", meeting.id, item.id);
    let version = fresh.version.to_string();
    let saved = sara
        .submit(
            &path,
            &path,
            &[
                ("version", &version),
                ("number", "30"),
                ("title", "Gemensam riktlinje för trygg hemgång"),
                ("clauses", "att anta riktlinjen"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(store.item(item.id).await.unwrap().proceedings, fresh.proceedings);
}

#[tokio::test]
async fn behind_a_trusted_proxy_login_failures_count_for_the_client_it_names() {
    let proxied = spawn_app_with(|state| AppState {
        trusted_proxies: Arc::from([std::net::IpAddr::from([127, 0, 0, 1])]),
        ..state
    })
    .await;
    let direct = spawn_app().await;
    for app in [&proxied, &direct] {
        let browser = app.browser();
        let token = browser.csrf("/logga-in").await;
        let fields = [("_csrf", token.as_str()), ("username", "ingen"), ("password", "fel")];
        let request = app
            .http
            .post(format!("{}/logga-in", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", "198.51.100.7, 203.0.113.5")
            .body(serde_urlencoded::to_string(fields).unwrap());
        assert_eq!(browser.send(request).await.status, 401);
    }
    let counted = |app: &TestApp, address: &str| {
        let key = format!("adress:{address}");
        let store = app.store.clone();
        async move { store.login_failures(&key).await.unwrap().is_some() }
    };
    // The proxy at 127.0.0.1 is trusted: the client is the address it appended, the one before
    // that is the client's own word and not believed.
    assert!(counted(&proxied, "203.0.113.5").await);
    assert!(!counted(&proxied, "127.0.0.1").await && !counted(&proxied, "198.51.100.7").await);
    // From a peer no one trusts, the header counts for nothing.
    assert!(counted(&direct, "127.0.0.1").await);
    assert!(!counted(&direct, "203.0.113.5").await);
}

#[tokio::test]
async fn a_form_without_the_session_csrf_token_or_above_the_size_limit_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (body, _) = seed(app.store.as_ref()).await;
    secretary_user(app.store.as_ref(), body.id).await;
    let browser = app.browser();
    browser.log_in("sara").await;
    let path = format!("/organ/{}/moten/nytt", body.id);
    for token in ["", "forged0000000000000000000000000000000000000000000000000000000000"] {
        let reply = browser.post(&path, &[("_csrf", token), ("date", "2026-09-01")]).await;
        assert_eq!(reply.status, 403);
        assert!(reply.text.contains("Formuläret har gått ut"));
    }
    // Just over the megabyte a form may hold, the token at its end as a browser may put it.
    let place = "x".repeat(1024 * 1024);
    let token = browser.csrf(&path).await;
    let reply = browser
        .post(&path, &[("date", "2026-09-01"), ("place", &place), ("_csrf", &token)])
        .await;
    assert_eq!(reply.status, 413);
    assert!(
        reply
            .text
            .contains("Formuläret är för stort. Det får vara högst 1024 kB."),
        "{}",
        reply.text
    );
    assert_eq!(app.store.meetings(body.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_secretary_plans_writes_minutes_and_the_adjusters_lock_the_protocol() {
    let app = spawn_app().await;
    let (body, _) = seed(app.store.as_ref()).await;
    let store = app.store.as_ref();
    let secretary = person_with_role(store, body.id, "Sara Sekreterare", Role::Sekreterare).await;
    let chair = person_with_role(store, body.id, "Olle Ordförande", Role::Ordforande).await;
    let adjuster = person_with_role(store, body.id, "Jana Justerare", Role::Ledamot).await;
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    user(store, "olle", UserRole::Member, Some(chair.id)).await;
    user(store, "jana", UserRole::Member, Some(adjuster.id)).await;
    // Jana sits for a member organisation; an organisation outside the body is not offered.
    let vaxjo = store
        .create_organisation(&samverkan_reference::kommun_organisation("0780").unwrap())
        .await
        .unwrap();
    let outsider = store
        .create_organisation(&samverkan_reference::kommun_organisation("0180").unwrap())
        .await
        .unwrap();
    store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: body.id,
            person_id: adjuster.id,
            organisation_id: Some(vaxjo.id),
            role: Role::Ledamot,
            period: Period::new("2020-01-01".parse().unwrap(), None).unwrap(),
        })
        .await
        .unwrap();

    // Members may not plan; the public must log in first.
    let plan_path = format!("/organ/{}/moten/nytt", body.id);
    assert_eq!(app.get(&plan_path).await.0, 401);
    let olle = app.browser();
    olle.log_in("olle").await;
    assert_eq!(olle.get(&plan_path).await.status, 403);

    let sara = app.browser();
    sara.log_in("sara").await;
    let wrong = sara
        .submit(&plan_path, &plan_path, &[("date", "2026-13-40"), ("place", "Rum 1")])
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.text.contains("Ogiltigt datum: ”2026-13-40”"));
    assert!(wrong.text.contains(r#"value="Rum 1""#), "what was typed is kept");
    let backwards = sara
        .submit(
            &plan_path,
            &plan_path,
            &[("date", "2026-09-01"), ("start_time", "13:00"), ("end_time", "09:00")],
        )
        .await;
    assert_eq!(backwards.status, 422);
    assert!(backwards
        .text
        .contains("Mötet slutar (09.00) innan det börjar (13.00)."));
    assert_eq!(store.meetings(body.id).await.unwrap().len(), 1, "nothing stored");

    let planned = sara
        .submit(
            &plan_path,
            &plan_path,
            &[("date", "2026-09-01"), ("start_time", "09:00"), ("standard_items", "1")],
        )
        .await;
    assert_eq!(planned.status, 303);
    let meeting_path = planned.location.unwrap();
    let meeting_id = MeetingId(meeting_path.rsplit('/').next().unwrap().parse().unwrap());

    // The standard items continue the year's numbering after § 13 of the seeded meeting.
    let opening: Vec<(String, String)> = store
        .items(meeting_id)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.number.to_string(), i.title))
        .collect();
    assert_eq!(opening[0], ("14".to_string(), "Mötet öppnas".to_string()));
    assert_eq!(opening[3], ("17".to_string(), "Föregående protokoll".to_string()));
    let new_item = format!("{meeting_path}/arenden/nytt");
    let form = sara.get(&new_item).await.text;
    assert!(form.contains(r#"value="18""#));
    // A recommendation goes to the body's member organisations, all checked to begin with.
    let member = form
        .split(r#"name="recommendation_to" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a member organisation to recommend to")
        .to_string();
    assert!(form.contains(&format!(r#"value="{member}" checked"#)));
    assert_eq!(member, vaxjo.id.0.to_string());
    assert!(!form.contains(&outsider.name), "only the body's members are offered");
    let without_recipients = sara
        .submit(
            &new_item,
            &new_item,
            &[
                ("number", "18"),
                ("title", "Hemsjukvård i samverkan"),
                ("recommendation", "Huvudmännen rekommenderas att anta rutinen."),
            ],
        )
        .await;
    assert_eq!(without_recipients.status, 422);
    assert!(without_recipients.text.contains(
        r#"aria-invalid="true" aria-describedby="recommendation-error" autofocus>Huvudmännen rekommenderas"#
    ));
    assert!(without_recipients
        .text
        .contains(r#"id="recommendation-error">Mottagare måste fyllas i."#));
    assert!(
        without_recipients.text.contains(r#"value="Hemsjukvård i samverkan""#),
        "input kept"
    );
    let added = sara
        .submit(
            &new_item,
            &new_item,
            &[
                ("recommendation_to", &member),
                ("number", "18"),
                ("title", "Hemsjukvård i samverkan"),
                ("notes", "Läget redovisades."),
                (
                    "clauses",
                    "att godkänna redovisningen\natt ge arbetsgruppen i uppdrag att återkomma",
                ),
                ("outcome", "decided"),
                ("recommendation", "Huvudmännen rekommenderas att anta rutinen."),
                ("assignee", "Arbetsgruppen"),
                ("task", "Återkomma med förslag."),
                ("due", "2026-10-15"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.text);
    let item = store.items(meeting_id).await.unwrap().remove(4);
    assert_eq!(item.decision.as_ref().unwrap().clauses.len(), 2);
    assert_eq!(
        item.assignments[0].due,
        Some(Due::Date {
            date: "2026-10-15".parse().unwrap()
        })
    );

    // Two secretaries edit the same item: the second save, built on the old version, is refused.
    let item_path = format!("{meeting_path}/arenden/{}", item.id);
    let version = item.version.to_string();
    let fields = |title| {
        [
            ("number", "18"),
            ("title", title),
            ("outcome", "decided"),
            ("version", &version),
            ("assignee", "Arbetsgruppen"),
            ("task", "Återkomma med förslag."),
            ("due", "2026-10-15"),
        ]
    };
    assert_eq!(
        sara.submit(&item_path, &item_path, &fields("Första sparningen"))
            .await
            .status,
        303
    );
    let stale = sara.submit(&item_path, &item_path, &fields("Andra sparningen")).await;
    assert_eq!(stale.status, 409);
    assert!(stale.text.contains("Någon annan har sparat ändringar under tiden."));
    assert!(
        stale.text.contains("Andra sparningen"),
        "the unsaved text is kept in the form"
    );
    assert_eq!(store.item(item.id).await.unwrap().title, "Första sparningen");

    // Through the life cycle to adjustment.
    for to in ["held", "minutes_drafted"] {
        let version = store.meeting(meeting_id).await.unwrap().version.to_string();
        let reply = sara
            .submit(
                &meeting_path,
                &format!("{meeting_path}/status"),
                &[("to", to), ("version", &version)],
            )
            .await;
        assert_eq!(reply.status, 303, "{to}: {}", reply.text);
    }
    for (person, role) in [(chair.id, "chair"), (adjuster.id, "adjuster")] {
        let version = store.meeting(meeting_id).await.unwrap().version.to_string();
        let id = person.to_string();
        let reply = sara
            .submit(
                &meeting_path,
                &format!("{meeting_path}/justerare"),
                &[("person_id", &id), ("role", role), ("version", &version)],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.text);
    }
    let version = store.meeting(meeting_id).await.unwrap().version.to_string();
    sara.submit(
        &meeting_path,
        &format!("{meeting_path}/status"),
        &[("to", "sent_for_adjustment"), ("version", &version)],
    )
    .await;

    // The secretary is not an adjuster; the chair and the adjuster approve.
    let approve = format!("{meeting_path}/godkann");
    let version = store.meeting(meeting_id).await.unwrap().version.to_string();
    assert_eq!(
        sara.submit(&meeting_path, &approve, &[("version", &version)])
            .await
            .status,
        403
    );
    let jana = app.browser();
    jana.log_in("jana").await;
    let version = store.meeting(meeting_id).await.unwrap().version.to_string();
    let comment = jana
        .submit(
            &meeting_path,
            &approve,
            &[
                ("version", &version),
                ("action", "comment"),
                ("comment", "Stavfel i § 18."),
            ],
        )
        .await;
    assert_eq!(comment.status, 303, "{}", comment.text);
    let commented = store.meeting(meeting_id).await.unwrap();
    assert_eq!(
        commented.status,
        MeetingStatus::SentForAdjustment,
        "a comment approves nothing"
    );
    assert_eq!(
        commented.adjustment.adjusters[1].comment.as_deref(),
        Some("Stavfel i § 18.")
    );
    // The chair approves; the secretary then changes the text; the adjuster's approval is of
    // the new text, the chair's of the old: no lock until the chair approves again.
    approve_as(store, &olle, meeting_id).await;
    let current = store.item(item.id).await.unwrap();
    let revised = sara
        .submit(
            &item_path,
            &item_path,
            &[
                ("number", "18"),
                ("title", "Hemsjukvård i samverkan, reviderad"),
                ("outcome", "decided"),
                ("version", &current.version.to_string()),
                ("assignee", "Arbetsgruppen"),
                ("task", "Återkomma med förslag."),
                ("due", "2026-10-15"),
            ],
        )
        .await;
    assert_eq!(revised.status, 303, "{}", revised.text);
    approve_as(store, &jana, meeting_id).await;
    assert_eq!(
        store.meeting(meeting_id).await.unwrap().status,
        MeetingStatus::SentForAdjustment,
        "the chair approved other words"
    );
    let page = olle.get(&meeting_path).await.text;
    assert!(page.contains("godkände en tidigare version"), "{page}");
    let start = olle.get("/").await.text;
    assert!(
        start.contains("Att justera") && start.contains("behöver godkännas igen"),
        "{start}"
    );
    assert!(
        !jana.get("/").await.text.contains("Att justera"),
        "the adjuster has approved this text"
    );
    approve_as(store, &olle, meeting_id).await;
    assert!(
        !olle.get("/").await.text.contains("Att justera"),
        "nothing waits once adjusted"
    );
    let protocol = store.protocol(meeting_id).await.unwrap();
    assert_eq!(protocol.meeting.status, MeetingStatus::Adjusted);
    assert_eq!(
        protocol.meeting.adjustment.content_sha256.as_deref(),
        Some(protocol.content_sha256().as_str())
    );
    assert!(app.get(&meeting_path).await.1.contains(&protocol.content_sha256()));
    // The adjuster's comment was for the secretary: not on the public page or in the API.
    let public = app.get(&meeting_path).await.1;
    assert!(!public.contains("Stavfel i § 18."), "{public}");
    assert!(
        sara.get(&meeting_path).await.text.contains("Stavfel i § 18."),
        "the secretary sees it"
    );
    let api = app.get(&format!("/api/v1/meetings/{meeting_id}")).await.1;
    assert!(
        api.contains("Hemsjukvård i samverkan, reviderad") && !api.contains("Stavfel"),
        "{api}"
    );

    // After adjustment nothing changes, whatever the form says.
    let version = protocol.items[4].version.to_string();
    let edit = sara
        .post(
            &item_path,
            &[
                ("_csrf", &sara.csrf(&meeting_path).await),
                ("number", "18"),
                ("title", "Ändrad i efterhand"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(edit.status, 422);
    assert!(edit.text.contains("Protokollet är justerat och kan inte ändras."));
    assert_eq!(store.protocol(meeting_id).await.unwrap(), protocol);

    // The assignment, due 2026-10-15, comes back on the agenda of the meeting that day.
    let next = sara
        .submit(
            &plan_path,
            &plan_path,
            &[("date", "2026-10-15"), ("standard_items", "1")],
        )
        .await;
    let next_id = MeetingId(next.location.unwrap().rsplit('/').next().unwrap().parse().unwrap());
    let agenda = store.items(next_id).await.unwrap();
    let back = agenda
        .iter()
        .find(|i| i.follows_up == Some(item.id))
        .expect("the assignment is back");
    assert_eq!(back.title, "Återrapportering: Återkomma med förslag");
    assert_eq!(back.presenters[0].name, "Arbetsgruppen");
}

/// Approves the meeting's protocol as it stands, as `browser`'s user.
async fn approve_as(store: &dyn Store, browser: &Browser<'_>, meeting: MeetingId) {
    let page = format!("/moten/{meeting}");
    let version = store.meeting(meeting).await.unwrap().version.to_string();
    let reply = browser
        .submit(&page, &format!("{page}/godkann"), &[("version", &version)])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
}

#[tokio::test]
async fn notice_board_and_verification_let_anyone_check_the_hash() {
    let app = spawn_app().await;
    let (_, meeting) = seed(app.store.as_ref()).await;
    let protocol = app.store.protocol(meeting.id).await.unwrap();
    let mut locked = protocol.meeting.clone();
    locked.adjustment.content_sha256 = Some(protocol.content_sha256());
    let today = chrono::Utc::now().date_naive();
    locked.publication = Some(protocol.body.notice_from(today - chrono::Days::new(3)));
    locked.adjustment.locked_at = Some("2026-07-01T10:00:00Z".parse().unwrap());
    // Seeded as published without a hash; store one as an adjustment would.
    let locked = app
        .store
        .create_protocol(&Protocol {
            meeting: locked,
            ..protocol.clone()
        })
        .await
        .unwrap();
    // One whose three weeks ended long ago: in the archive, not on the board.
    let mut old = locked.meeting.clone();
    old.date = "2025-01-10".parse().unwrap();
    old.publication = Some(protocol.body.notice_from("2025-01-15".parse().unwrap()));
    let old = app
        .store
        .create_protocol(&Protocol {
            meeting: old,
            ..locked.clone()
        })
        .await
        .unwrap();

    let (status, board) = app.get("/anslagstavla").await;
    assert_eq!(status, 200);
    assert!(board.contains(&format!("/moten/{}/verifiera", locked.meeting.id)));
    assert!(!board.contains(&format!("/moten/{}\"", old.meeting.id)), "{board}");
    let down = (today - chrono::Days::new(3) + chrono::Days::new(21)).to_string();
    assert!(board.contains(&down), "the day it comes down: {down}");
    assert!(board.contains("förvaltningsrätten inom tre veckor"), "how to appeal");
    assert!(board.contains("Digitalt i Samverkan"), "where it is kept");
    let (_, archive) = app.get(&format!("/organ/{}?ar=2025", protocol.body.id)).await;
    assert!(
        archive.contains(&format!("/moten/{}", old.meeting.id)),
        "the archive keeps it"
    );

    let (status, text) = app.get(&format!("/moten/{}/protokoll.txt", locked.meeting.id)).await;
    assert_eq!(status, 200);
    assert!(
        !text.contains("Hemlig"),
        "the public text never carries a confidential item"
    );
    use sha2::Digest;
    let digest = hex::encode(sha2::Sha256::digest(text.as_bytes()));
    assert_eq!(Some(digest), locked.meeting.adjustment.content_sha256);
    let (_, page) = app.get(&format!("/moten/{}/verifiera", locked.meeting.id)).await;
    assert!(page.contains("Det lagrade innehållet stämmer med kontrollsumman."));
    assert!(
        page.contains("2026-07-01 12:00"),
        "the lock in Swedish summer time: {page}"
    );
}

/// Who may reach a route: everyone, the body's secretary, or the meeting's adjusters
/// (administrators may do everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nobody,
    /// Anyone signed in (their own page).
    SignedIn,
    /// A member of the body (drafts).
    Member,
    Secretary,
    Adjuster,
    Administrator,
}

/// Which meeting a `/moten/{id}` route is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Draft,
    Adjusted,
}

/// What each route of the router requires. The test walks `route_table()`, the router's own
/// list, and fails on a route missing here (or listed here but not served).
fn expectation(method: &str, path: &str) -> Option<(Needs, Subject)> {
    use Needs::*;
    use Subject::*;
    Some(match (method, path) {
        ("GET", "/" | "/anslagstavla" | "/health" | "/static/style.css" | "/logga-in" | "/sok") => (Nobody, Draft),
        ("GET", "/static/minutes.js" | "/anslagstavla.atom") => (Nobody, Draft),
        ("GET", "/organ/{id}/flode.atom" | "/organ/{id}/kalender.ics") => (Nobody, Draft),
        ("GET", "/moten/{id}/protokoll") => (Secretary, Draft),
        ("POST", "/logga-in" | "/logga-ut") => (Nobody, Draft),
        ("GET", "/organ/{id}" | "/organ/{id}/uppfoljning" | "/organ/{id}/bidrag.csv") => (Nobody, Draft),
        ("GET", "/organ/{id}/kostnadsfordelningar.csv") => (Nobody, Draft),
        ("GET", "/moten/{id}" | "/moten/{id}/kallelse.pdf" | "/organ/{id}/logotyp") => (Nobody, Draft),
        ("POST", "/organ/{id}/logotyp" | "/organ/{id}/logotyp/ta-bort") => (Secretary, Draft),
        ("POST", "/moten/{id}/verifiera") => (Nobody, Adjusted),
        ("GET", "/moten/{id}/verifiera" | "/moten/{id}/protokoll.txt" | "/moten/{id}/protokoll.pdf") => {
            (Nobody, Adjusted)
        }
        ("GET", "/moten/{id}/arenden/{item}/bilagor/{index}" | "/moten/{id}/arenden/{item}/utdrag.pdf") => {
            (Nobody, Adjusted)
        }
        ("GET", p) if p.starts_with("/api/v1/") => (Nobody, Draft),
        ("GET", "/oparl/v1/agendaitems/{id}/files/{index}") => (Nobody, Adjusted),
        ("GET", p) if p.starts_with("/oparl/v1/") => (Nobody, Draft),
        ("GET", "/organ/{id}/moten/nytt" | "/organ/{id}/medlemmar") => (Secretary, Draft),
        ("POST", "/organ/{id}/moten/nytt" | "/organ/{id}/medlemmar") => (Secretary, Draft),
        ("POST", "/organ/{id}/uppfoljning/svar" | "/organ/{id}/uppfoljning/uppdrag") => (Secretary, Draft),
        ("POST", "/organ/{id}/kostnadsfordelningar") => (Secretary, Draft),
        ("POST", "/organ/{id}/bidrag" | "/organ/{id}/bidrag/{grant}/rader" | "/organ/{id}/overenskommelser") => {
            (Secretary, Draft)
        }
        (
            "POST",
            "/organ/{id}/overenskommelser/{agreement}/forlangning" | "/organ/{id}/overenskommelser/{agreement}/varden",
        ) => (Secretary, Draft),
        ("GET", "/moten/{id}/narvaro" | "/moten/{id}/arenden/nytt" | "/moten/{id}/arenden/{item}") => {
            (Secretary, Draft)
        }
        ("POST", "/moten/{id}/narvaro" | "/moten/{id}/arenden/nytt" | "/moten/{id}/arenden/{item}") => {
            (Secretary, Draft)
        }
        ("POST", "/moten/{id}/status" | "/moten/{id}/kallelse" | "/moten/{id}/justerare") => (Secretary, Draft),
        ("POST", "/moten/{id}/justerare/{index}/ta-bort" | "/moten/{id}/arenden/{item}/bilagor") => (Secretary, Draft),
        ("POST", "/moten/{id}/arenden/{item}/utdrag" | "/moten/{id}/arenden/{item}/rattelse") => (Secretary, Adjusted),
        ("GET" | "POST", "/moten/{id}/andra") | ("POST", "/moten/{id}/ta-bort") => (Secretary, Draft),
        ("POST", "/moten/{id}/arenden/{item}/ta-bort" | "/moten/{id}/arenden/{item}/flytta") => (Secretary, Draft),
        ("POST", "/moten/{id}/arenden/{item}/bilagor/{index}/ta-bort") => (Secretary, Draft),
        ("POST", "/moten/{id}/godkann") => (Adjuster, Draft),
        ("GET" | "POST", "/organ/{id}/import" | "/import/{id}") => (Secretary, Draft),
        ("POST", "/import/{id}/spara" | "/import/{id}/ta-bort") => (Secretary, Draft),
        ("GET", "/mitt") => (SignedIn, Draft),
        ("GET", "/kalender/{token}") => (Nobody, Draft),
        ("POST", "/moten/{id}/svar") => (Member, Draft),
        ("GET", "/admin") => (Administrator, Draft),
        ("POST", p) if p.starts_with("/admin/") => (Administrator, Draft),
        _ => return None,
    })
}

/// A 2 × 2 PNG in the project's blue, made for these tests.
const LOGO_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9a\x73\x00\x00\x00\x10\x49\x44\x41\x54\x78\x9c\x63\x90\x8f\xef\x06\x22\x06\x08\x05\x00\x1b\x5a\x04\x25\x66\x14\x28\x61\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// Words planted where only members may look: a draft's attendance and notes, an adjuster's
/// comment, a confidential item. No outsider's response may carry one.
const MARKER: &str = "MARKÖR";

#[tokio::test]
async fn every_route_of_the_router_checks_every_role() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    let other_body = another_body(store, &body).await;
    let secretary = person_with_role(store, body.id, "Sara Sekreterare", Role::Sekreterare).await;
    let member = person_with_role(store, body.id, "Mia Medlem", Role::Ledamot).await;
    let adjuster = person_with_role(store, body.id, "Jana Justerare", Role::Ledamot).await;
    let outside_member = person_with_role(store, other_body.id, "Otto Utomstående", Role::Ledamot).await;
    let outside_secretary = person_with_role(store, other_body.id, "Sven Sekreterare", Role::Sekreterare).await;
    user(store, "admin", UserRole::Administrator, None).await;
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    user(store, "mia", UserRole::Member, Some(member.id)).await;
    user(store, "jana", UserRole::Member, Some(adjuster.id)).await;
    user(store, "otto", UserRole::Member, Some(outside_member.id)).await;
    user(store, "sven", UserRole::Secretary, Some(outside_secretary.id)).await;

    // A draft out for adjustment, with something secret in every place a draft keeps it.
    let mut draft = Meeting::plan(body.id, "2026-06-05".parse().unwrap(), None, None, None).unwrap();
    draft.attendance.push(Attendance {
        person_id: None,
        organisation_id: None,
        organisation: None,
        name: Some(format!("{MARKER} närvarande")),
        title: None,
        role: Some(Role::Ledamot),
        voting: true,
        status: AttendanceStatus::Present,
        presence: Presence::Whole,
    });
    let chair = person_with_role(store, body.id, "Cecilia Ordförande", Role::Ordforande).await;
    for (person, role) in [(&chair, AdjusterRole::Chair), (&adjuster, AdjusterRole::Adjuster)] {
        draft
            .add_adjuster(Adjuster {
                person_id: Some(person.id),
                name: person.name.clone(),
                role,
                approved_at: None,
                approved_sha256: None,
                comment: None,
            })
            .unwrap();
    }
    draft.adjustment.adjusters[1].comment = Some(format!("{MARKER} kommentar"));
    for status in [
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::SentForAdjustment,
    ] {
        draft.transition(status, None, chrono::Utc::now()).unwrap();
    }
    let draft = store.create_meeting(&draft).await.unwrap();
    let mut draft_item = Item::new(ItemNumber::paragraph(30), "Ett ärende i utkastet");
    draft_item.meeting_id = draft.id;
    draft_item.notes = vec![format!("{MARKER} i utkastet")];
    let draft_item = store.add_item(&draft_item).await.unwrap();
    // An adjusted protocol: a public item with an attachment, and a confidential one.
    store.put_file("ab12", "application/pdf", BUDGET_PDF).await.unwrap();
    let mut public_item = Item::new(ItemNumber::paragraph(1), "Ett justerat ärende");
    public_item.attachments.push(Attachment {
        label: "Bilaga 1".into(),
        title: "Budget".into(),
        file_sha256: Some("ab12".into()),
        file_name: Some("budget.pdf".into()),
        media_type: Some("application/pdf".into()),
    });
    let mut secret_item = Item::new(ItemNumber::paragraph(2), format!("{MARKER} sekretessbelagd rubrik"));
    secret_item.position = 1;
    secret_item.confidential = true;
    secret_item.notes = vec![format!("{MARKER} sekretess")];
    let mut meeting = Meeting::plan(body.id, "2026-04-10".parse().unwrap(), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    let mut protocol = Protocol {
        body: body.clone(),
        meeting,
        items: vec![public_item, secret_item],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let protocol = store.create_protocol(&protocol).await.unwrap();
    let (adjusted, public_item) = (protocol.meeting.clone(), protocol.items[0].clone());
    let mia_id = store.user_by_username("mia").await.unwrap().unwrap().id;
    let calendar_token = store
        .calendar_token(mia_id, "0123456789abcdef0123456789abcdef")
        .await
        .unwrap();
    let member_organisation = store
        .create_organisation(&samverkan_reference::kommun_organisation("0780").unwrap())
        .await
        .unwrap();
    let a_membership = store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: body.id,
            person_id: member.id,
            organisation_id: Some(member_organisation.id),
            role: Role::Ledamot,
            period: Period::new("2020-01-01".parse().unwrap(), None).unwrap(),
        })
        .await
        .unwrap()
        .id;
    // The body has a logo, so its documents and pages carry one.
    let logo_sha256 = sha256_hex(LOGO_PNG);
    store.put_file(&logo_sha256, "image/png", LOGO_PNG).await.unwrap();
    store.set_body_logo(body.id, Some(&logo_sha256)).await.unwrap();
    let grant = store
        .create_grant(&Grant {
            id: GrantId::NEW,
            body_id: body.id,
            name: "Ett bidrag".into(),
            year: 2026,
            total: None,
            allocations: vec![],
        })
        .await
        .unwrap();
    let agreement = store
        .create_agreement(&Agreement {
            id: AgreementId::NEW,
            body_id: body.id,
            title: "En överenskommelse".into(),
            parties: vec![],
            period: Period::new("2026-01-01".parse().unwrap(), None).unwrap(),
            extensions: vec![],
            parameters: vec![],
            yearly_duty: None,
            yearly_duty_month: None,
        })
        .await
        .unwrap();
    // An old protocol uploaded for review, with a secret in its source.
    let source = format!("Protokoll\n\n§ 1 Ett gammalt ärende\n{MARKER} i källan\n");
    let source_sha256 = sha256_hex(source.as_bytes());
    store
        .put_file(&source_sha256, "text/plain; charset=utf-8", source.as_bytes())
        .await
        .unwrap();
    let pending = store
        .add_pending_import(&samverkan_storage::PendingImport {
            id: 0,
            body_id: body.id,
            version: 0,
            file_name: "gammalt.txt".into(),
            source_sha256,
            uploaded_by: "sara".into(),
            uploaded_at: chrono::Utc::now(),
            corrections: "{}".into(),
        })
        .await
        .unwrap();
    let before = (
        store.protocol(draft.id).await.unwrap(),
        store.protocol(adjusted.id).await.unwrap(),
        store.users().await.unwrap(),
        store.pending_imports(body.id, 10).await.unwrap(),
    );

    let table = samverkan_web::route_table();
    let mut routes: Vec<(String, String, Needs, String)> = Vec::new();
    for route in &table {
        let (needs, subject) = expectation(route.method, &route.path).unwrap_or_else(|| {
            panic!(
                "no expectation for {} {}: add one to expectation()",
                route.method, route.path
            )
        });
        let (meeting, item) = match subject {
            Subject::Draft => (draft.id, draft_item.id),
            Subject::Adjusted => (adjusted.id, public_item.id),
        };
        let mut path = route
            .path
            .replace("/organ/{id}", &format!("/organ/{}", body.id))
            .replace("/bodies/{id}", &format!("/bodies/{}", body.id))
            .replace("/moten/{id}", &format!("/moten/{meeting}"))
            .replace("/meetings/{id}", &format!("/meetings/{meeting}"))
            .replace("/anvandare/{id}", &format!("/anvandare/{mia_id}"))
            .replace("/import/{id}", &format!("/import/{}", pending.id))
            .replace("{item}", &item.to_string())
            .replace(
                "/organizations/{id}",
                &format!("/organizations/{}", member_organisation.id),
            )
            .replace("/people/{id}", &format!("/people/{}", member.id))
            .replace("/agendaitems/{id}", &format!("/agendaitems/{item}"))
            .replace("{membership}", &a_membership.to_string())
            .replace("{file}", "invitation")
            .replace("{token}", &calendar_token)
            .replace("{grant}", &grant.id.to_string())
            .replace("{agreement}", &agreement.id.to_string())
            .replace("{index}", "0");
        assert!(!path.contains('{'), "a parameter the test does not fill: {path}");
        if path.ends_with("/sok") || path.ends_with("/search") {
            path.push_str("?q=%C3%A4rende");
        }
        routes.push((route.method.to_string(), path, needs, route.path.clone()));
    }
    // Logging out ends the walk of a role, so it comes last.
    routes.sort_by_key(|(_, path, _, _)| path == "/logga-ut");

    let roles: [(Option<&str>, &[Needs]); 7] = [
        (None, &[Needs::Nobody]),
        (Some("otto"), &[Needs::Nobody, Needs::SignedIn]),
        (Some("sven"), &[Needs::Nobody, Needs::SignedIn]),
        (Some("mia"), &[Needs::Nobody, Needs::SignedIn, Needs::Member]),
        (
            Some("jana"),
            &[Needs::Nobody, Needs::SignedIn, Needs::Member, Needs::Adjuster],
        ),
        (
            Some("sara"),
            &[Needs::Nobody, Needs::SignedIn, Needs::Member, Needs::Secretary],
        ),
        (
            Some("admin"),
            &[
                Needs::Nobody,
                Needs::SignedIn,
                Needs::Member,
                Needs::Secretary,
                Needs::Adjuster,
                Needs::Administrator,
            ],
        ),
    ];
    let mut requests = 0;
    for (username, allowed) in roles {
        let browser = app.browser();
        if let Some(username) = username {
            browser.log_in(username).await;
        }
        let outsider = matches!(username, None | Some("otto") | Some("sven"));
        for (method, path, needs, template) in &routes {
            let reply = match method.as_str() {
                "GET" => browser.get(path).await,
                _ => browser.submit("/logga-in", path, &[("version", "-1")]).await,
            };
            requests += 1;
            let who = username.unwrap_or("the public");
            assert!(
                reply.status < 500,
                "{who} {method} {path}: {} {}",
                reply.status,
                reply.text
            );
            if allowed.contains(needs) {
                let handled: &[u16] = if method == "GET" {
                    &[200, 303]
                } else {
                    // Past the policy, the handler refuses the empty form on its merits.
                    &[303, 400, 409, 415, 422]
                };
                assert!(
                    handled.contains(&reply.status),
                    "{who} may {method} {template}: got {} {}",
                    reply.status,
                    &reply.text[..reply.text.len().min(300)]
                );
            } else {
                assert!(
                    [401, 403, 404].contains(&reply.status),
                    "{who} may not {method} {template}: got {}",
                    reply.status
                );
            }
            if outsider {
                assert!(
                    !reply.text.contains(MARKER),
                    "{who} {method} {path} shows a secret: {}",
                    reply.text
                );
            }
        }
    }
    let after = (
        store.protocol(draft.id).await.unwrap(),
        store.protocol(adjusted.id).await.unwrap(),
        store.users().await.unwrap(),
        store.pending_imports(body.id, 10).await.unwrap(),
    );
    assert_eq!(after, before, "no request with an empty form changed anything");
    assert!(table.len() >= 45, "{} routes", table.len());
    eprintln!("route × role test: {} routes, {requests} requests", table.len());
}

/// A real SMTP server for one test: it speaks the protocol on port 0 and hands every message
/// it receives (envelope recipients and data) to the test.
async fn smtp_sink() -> (String, tokio::sync::mpsc::UnboundedReceiver<(Vec<String>, String)>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut recipients = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        recipients.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 go on\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            data.push_str(&line);
                            data.push('\n');
                        }
                        sender.send((std::mem::take(&mut recipients), data)).unwrap();
                        b"250 queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (url, receiver)
}

#[tokio::test]
async fn the_notice_goes_to_every_member_with_the_agenda_and_a_calendar_invitation() {
    let (smtp_url, mut inbox) = smtp_sink().await;
    let app = spawn_app_with(|state| AppState {
        mailer: Some(samverkan_web::Mailer::new(&smtp_url, "kansliet@example.invalid").unwrap()),
        ..state
    })
    .await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    for name in ["Ada Ledamot", "Bo Ledamot"] {
        person_with_role(store, body.id, name, Role::Ledamot).await;
    }
    let mut meeting = Meeting::plan(
        body.id,
        "2026-10-02".parse().unwrap(),
        Some("13:00:00".parse().unwrap()),
        Some("15:00:00".parse().unwrap()),
        Some("Sal Kronan".into()),
    )
    .unwrap();
    meeting.status = MeetingStatus::Planned;
    let meeting = store.create_meeting(&meeting).await.unwrap();
    let mut item = Item::new(ItemNumber::paragraph(40), "Äldres hälsa – lägesrapport");
    item.meeting_id = meeting.id;
    store.add_item(&item).await.unwrap();
    let mut secret = Item::new(ItemNumber::paragraph(41), "Hemligt namn");
    secret.meeting_id = meeting.id;
    secret.position = 1;
    secret.confidential = true;
    store.add_item(&secret).await.unwrap();

    let sara = app.browser();
    sara.log_in("sara").await;
    let path = format!("/moten/{}", meeting.id);
    let version = meeting.version.to_string();
    let reply = sara
        .submit(&path, &format!("{path}/kallelse"), &[("version", &version)])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);

    let (recipients, data) = inbox.recv().await.unwrap();
    assert_eq!(recipients, vec!["ada@example.invalid", "bo@example.invalid"]);
    assert!(data.contains("Subject: Kallelse: TVO 2026-10-02"));
    assert!(data.contains("text/calendar"));
    assert!(data.contains("DTSTART:20261002T130000"));
    let stored = store.meeting(meeting.id).await.unwrap();
    assert_eq!(stored.status, MeetingStatus::NoticeSent);
    let dispatches = store.dispatches(meeting.id).await.unwrap();
    assert_eq!(dispatches.len(), 1);
    assert_eq!(dispatches[0].recipients, recipients);
    assert_eq!(dispatches[0].sent_by.as_deref(), Some("sara"));

    // Once adjusted, there is no meeting left to call anyone to.
    let mut adjusted = stored.clone();
    adjusted.status = MeetingStatus::Adjusted;
    let adjusted = store.update_meeting(&adjusted).await.unwrap();
    let again = sara
        .submit(
            &path,
            &format!("{path}/kallelse"),
            &[("version", &adjusted.version.to_string())],
        )
        .await;
    assert_eq!(again.status, 422, "{}", again.text);
    assert!(again.text.contains("Protokollet är redan justerat"));
    assert_eq!(store.dispatches(meeting.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn attendance_is_recorded_with_partial_presence() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    let secretary = person_with_role(store, body.id, "Sara Sekreterare", Role::Sekreterare).await;
    let member = person_with_role(store, body.id, "Ada Ledamot", Role::Ledamot).await;
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    let meeting = store
        .create_meeting(&Meeting::plan(body.id, "2026-06-12".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    for number in 50..=53 {
        store
            .add_item(&Item {
                meeting_id: meeting.id,
                ..Item::new(ItemNumber::paragraph(number), format!("Ärende {number}"))
            })
            .await
            .unwrap();
    }
    let sara = app.browser();
    sara.log_in("sara").await;
    let path = format!("/moten/{}/narvaro", meeting.id);
    let form = sara.get(&path).await.text;
    let key = |person: &Person| {
        let marker = format!(r#"name="member" value="{}:"#, person.id);
        let start = form.find(&marker).unwrap() + 21;
        form[start..].split('"').next().unwrap().to_string()
    };
    let (sara_key, ada_key) = (key(&secretary), key(&member));
    let version = meeting.version.to_string();
    // Partial presence is chosen from the meeting's §§: free text or a § it lacks is refused,
    // and the form comes back as it was sent.
    for (kind, chosen, message) in [
        (
            "only",
            "hej hopp",
            "”hej hopp” är ingen paragraf i det här sammanträdet.",
        ),
        ("only", "", "Välj de paragrafer som delvis närvaro gäller."),
        ("except", "54", "”54” är ingen paragraf i det här sammanträdet."),
    ] {
        let mut fields = vec![
            ("version", version.as_str()),
            ("member", ada_key.as_str()),
            ("others", "Per Gäst, utvecklingsledare"),
        ];
        let (presence, items) = (format!("presence_{ada_key}"), format!("items_{ada_key}"));
        fields.push((presence.as_str(), kind));
        if !chosen.is_empty() {
            fields.push((items.as_str(), chosen));
        }
        let refused = sara.submit(&path, &path, &fields).await;
        assert_eq!(refused.status, 422, "{kind} {chosen}");
        assert!(
            refused.text.contains(&format!("Ada Ledamot: {message}")),
            "{}",
            refused.text
        );
        assert!(refused.text.contains("Per Gäst, utvecklingsledare"), "input kept");
    }
    assert!(
        store.meeting(meeting.id).await.unwrap().attendance.is_empty(),
        "nothing stored"
    );
    let reply = sara
        .submit(
            &path,
            &path,
            &[
                ("version", &version),
                ("member", &sara_key),
                (&format!("status_{sara_key}"), "present"),
                ("member", &ada_key),
                (&format!("status_{ada_key}"), "present"),
                (&format!("presence_{ada_key}"), "only"),
                (&format!("items_{ada_key}"), "50"),
                (&format!("items_{ada_key}"), "51"),
                ("others", "Per Gäst, utvecklingsledare"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let stored = store.meeting(meeting.id).await.unwrap();
    assert_eq!(stored.attendance.len(), 3);
    let ada = stored
        .attendance
        .iter()
        .find(|a| a.person_id == Some(member.id))
        .unwrap();
    assert!(ada.voting);
    assert_eq!(
        ada.presence,
        Presence::OnlyItems {
            items: vec!["§ 50".into(), "§ 51".into()]
        }
    );
    let form = sara.get(&path).await.text;
    assert!(
        form.contains(r#"<option value="51" selected>§ 51</option>"#),
        "chosen again on the next edit"
    );
    assert_eq!(stored.attendance[2].name.as_deref(), Some("Per Gäst"));
    assert!(
        sara.get(&path).await.text.contains("Per Gäst, utvecklingsledare"),
        "kept on the next edit"
    );
}

/// A multipart/form-data body, written out as a browser sends it: text fields, then files
/// under `file_field`.
fn multipart_with(fields: &[(&str, &str)], file_field: &str, files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----samverkan-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (name, content) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Text fields and one file under the name `file`.
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    multipart_with(fields, "file", &[file])
}

#[tokio::test]
async fn attachments_are_checked_capped_and_shown_only_to_those_who_may_see_them() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let meeting = store
        .create_meeting(&Meeting::plan(body.id, "2026-06-12".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let mut item = Item::new(ItemNumber::paragraph(20), "Budget");
    item.meeting_id = meeting.id;
    let item = store.add_item(&item).await.unwrap();
    let sara = app.browser();
    sara.log_in("sara").await;
    let token = sara.csrf(&format!("/moten/{}/arenden/{}", meeting.id, item.id)).await;
    let upload = |name: &'static str, content: Vec<u8>, token: String| {
        let (content_type, body) = multipart(&[("label", "Bilaga 3"), ("version", "1")], (name, &content));
        let request = app
            .http
            .post(format!(
                "{}/moten/{}/arenden/{}/bilagor?_csrf={token}",
                app.address, meeting.id, item.id
            ))
            .header("content-type", content_type)
            .body(body);
        sara.send(request)
    };

    let refused = upload("bilaga.pdf", b"%PDF-1.4 budget".to_vec(), "forged".into()).await;
    assert_eq!(refused.status, 403);
    let wrong_type = upload("program.pdf", b"MZ\x90\x00".to_vec(), token.clone()).await;
    assert_eq!(wrong_type.status, 422);
    assert!(wrong_type.text.contains("kan inte tas emot"));
    let huge = upload(
        "stor.pdf",
        [b"%PDF-1.4".as_slice(), &vec![b'x'; 21 * 1024 * 1024]].concat(),
        token.clone(),
    )
    .await;
    assert_eq!(huge.status, 413);
    assert!(huge.text.contains("Filen är för stor."));
    assert!(
        store.item(item.id).await.unwrap().attachments.is_empty(),
        "nothing stored"
    );

    let html = upload("bilaga.pdf", b"%PDF-<html><script>x()</script>".to_vec(), token.clone()).await;
    assert_eq!(html.status, 422, "a web page behind a PDF header");
    let ok = upload("Budget 2027 – förslag.pdf", BUDGET_PDF.to_vec(), token).await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let stored = store.item(item.id).await.unwrap();
    assert_eq!(stored.attachments[0].label, "Bilaga 3");
    assert_eq!(stored.attachments[0].media_type.as_deref(), Some("application/pdf"));

    let path = format!("/moten/{}/arenden/{}/bilagor/0", meeting.id, item.id);
    let download = sara.get(&path).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.text.as_bytes(), BUDGET_PDF);
    assert_eq!(app.get(&path).await.0, 404, "the public waits for adjustment");
}

/// The smallest file with a PDF's frame: header, an object, a cross-reference, the end mark.
const BUDGET_PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n(budget)\nendobj\nxref\n0 1\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n";

#[tokio::test]
async fn an_extract_of_an_adjusted_item_is_mailed_and_recorded() {
    let (smtp_url, mut inbox) = smtp_sink().await;
    let app = spawn_app_with(|state| AppState {
        mailer: Some(samverkan_web::Mailer::new(&smtp_url, "kansliet@example.invalid").unwrap()),
        ..state
    })
    .await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    secretary_user(store, body.id).await;
    let item = store.items(published.id).await.unwrap().remove(0);
    let sara = app.browser();
    sara.log_in("sara").await;
    let path = format!("/moten/{}", published.id);
    let reply = sara
        .submit(
            &path,
            &format!("{path}/arenden/{}/utdrag", item.id),
            &[("recipients", "vard@vaxjo.example.invalid\nregion@example.invalid")],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let (recipients, data) = inbox.recv().await.unwrap();
    assert_eq!(recipients, vec!["vard@vaxjo.example.invalid", "region@example.invalid"]);
    assert!(data.contains("PROTOKOLLSUTDRAG"));
    let dispatches = store.dispatches(published.id).await.unwrap();
    assert_eq!(dispatches[0].kind, DispatchKind::Extract { item_id: item.id });
}

#[tokio::test]
async fn a_year_plan_creates_every_meeting_or_none() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let sara = app.browser();
    sara.log_in("sara").await;
    let path = format!("/organ/{}/moten/nytt", body.id);
    let bad = sara
        .submit(
            &path,
            &path,
            &[("date", "2027-01-22"), ("more_dates", "2027-03-19\n2027-05-32")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text.contains("Ogiltigt datum: ”2027-05-32”"));
    assert_eq!(
        store.meetings(body.id).await.unwrap().len(),
        1,
        "none of the plan is stored"
    );
    let ok = sara
        .submit(
            &path,
            &path,
            &[
                ("date", "2027-01-22"),
                ("start_time", "09:00"),
                ("more_dates", "2027-03-19\n2027-05-21"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let dates: Vec<String> = store
        .meetings(body.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.date.to_string())
        .collect();
    assert_eq!(dates, ["2026-03-13", "2027-01-22", "2027-03-19", "2027-05-21"]);
}

#[tokio::test]
async fn search_follows_every_save_and_never_shows_the_public_a_draft_or_a_secret() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    let member = person_with_role(store, body.id, "Mia Medlem", Role::Ledamot).await;
    user(store, "mia", UserRole::Member, Some(member.id)).await;
    secretary_user(store, body.id).await;
    // The seed was stored directly; a server builds its index from the database at start.
    assert_eq!(app.state.rebuild_search().await.unwrap(), 2);

    let sara = app.browser();
    sara.log_in("sara").await;
    let plan = format!("/organ/{}/moten/nytt", body.id);
    let planned = sara.submit(&plan, &plan, &[("date", "2026-09-01")]).await;
    let meeting_path = planned.location.unwrap();
    let new_item = format!("{meeting_path}/arenden/nytt");
    sara.submit(
        &new_item,
        &new_item,
        &[
            ("number", "14"),
            ("title", "Hemsjukvården i länet"),
            ("notes", "Utkast till beslut."),
        ],
    )
    .await;

    let public = app.get("/api/v1/search?q=hemsjukvård").await;
    assert_eq!(public.0, 200);
    let json: serde_json::Value = serde_json::from_str(&public.1).unwrap();
    assert_eq!(json["total"], 0, "the public does not find the draft: {json}");
    let mia = app.browser();
    mia.log_in("mia").await;
    let found = mia.get("/sok?q=hemsjukv%C3%A5rd").await;
    assert!(
        found.text.contains("Hemsjukvården i länet"),
        "a member finds the draft at once"
    );
    assert!(found.text.contains("<mark>"));
    assert!(!app.get("/sok?q=hemlig").await.1.contains("Hemlig Person"));
    let public = app.get("/sok?q=redovisningen").await.1;
    assert!(
        public.contains(&format!("/moten/{}#item-", published.id)),
        "published content is found"
    );

    let empty = app.get("/api/v1/search?q=").await;
    assert_eq!(empty.0, 422);
    assert!(empty.1.contains("Skriv något att söka efter."));
    let long = app.get(&format!("/sok?q={}", "a".repeat(10_000))).await;
    assert_eq!(long.0, 422);
    assert!(long.1.contains("Sökfrågan är för lång."));
    for query in ["AND%20OR%20(", "%22hemsjukv%C3%A5rd", "(((("] {
        assert_eq!(app.get(&format!("/sok?q={query}")).await.0, 200, "{query}");
    }
    assert_eq!(app.get("/sok?q=x&ar=tjugo").await.0, 422);
}

#[tokio::test]
async fn the_administrator_sets_up_a_body_its_members_and_accounts() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    user(store, "admin", UserRole::Administrator, None).await;
    let admin = app.browser();
    admin.log_in("admin").await;
    assert!(admin
        .get("/")
        .await
        .text
        .contains(r#"<a href="/admin">Administration</a>"#));

    let created = admin
        .submit(
            "/admin",
            "/admin/organ",
            &[
                ("name", "Vård och omsorg i Kronoberg"),
                ("short_name", "VOK"),
                ("county_code", "07"),
                ("numbering", "per_meeting"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text);
    let body = store.bodies().await.unwrap().remove(0);
    assert_eq!(
        (body.short_name.as_str(), body.numbering),
        ("VOK", NumberingRule::PerMeeting)
    );

    let kommun = admin
        .submit("/admin", "/admin/organisationer", &[("municipality_code", "0780")])
        .await;
    assert_eq!(kommun.status, 303);
    let unknown = admin
        .submit("/admin", "/admin/organisationer", &[("municipality_code", "9999")])
        .await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.text.contains("Okänd kommunkod: ”9999”."));
    let twice = admin
        .submit("/admin", "/admin/organisationer", &[("municipality_code", "0780")])
        .await;
    assert_eq!(twice.status, 409, "{}", twice.text);
    let vaxjo = store.organisations().await.unwrap().remove(0);
    assert_eq!(
        (vaxjo.name.as_str(), vaxjo.population.is_some()),
        ("Växjö kommun", true)
    );

    let members = format!("/organ/{}/medlemmar", body.id);
    let org = vaxjo.id.to_string();
    let backwards = admin
        .submit(
            &members,
            &members,
            &[
                ("new_name", "Sara Sekreterare"),
                ("role", "sekreterare"),
                ("start", "2026-06-01"),
                ("end", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(backwards.status, 422);
    assert!(backwards
        .text
        .contains("Perioden slutar (2026-01-01) innan den börjar (2026-06-01)."));
    assert!(store.persons().await.unwrap().is_empty(), "nothing stored");
    let added = admin
        .submit(
            &members,
            &members,
            &[
                ("new_name", "Sara Sekreterare"),
                ("new_email", "sara@example.invalid"),
                ("organisation_id", &org),
                ("role", "sekreterare"),
                ("start", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.text);
    let sara = store.persons().await.unwrap().remove(0);

    let person = sara.id.to_string();
    let account = admin
        .submit(
            "/admin",
            "/admin/anvandare",
            &[
                ("username", "sara"),
                ("display_name", "Sara"),
                ("role", "secretary"),
                ("person_id", &person),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(account.status, 303, "{}", account.text);
    let browser = app.browser();
    browser.log_in("sara").await;
    assert_eq!(
        browser.get(&format!("/organ/{}/moten/nytt", body.id)).await.status,
        200,
        "her membership makes her the body's secretary"
    );
}

#[tokio::test]
async fn protocol_pdf_is_public_once_adjusted_and_never_carries_a_secret() {
    let app = spawn_app().await;
    let (body, published) = seed(app.store.as_ref()).await;
    let response = app
        .http
        .get(format!("{}/moten/{}/protokoll.pdf", app.address, published.id))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    assert!(text.contains("Samordnad individuell plan <SIP>"), "{text}");
    assert!(text.contains("Sekretessbelagt ärende"));
    assert!(!text.contains("Hemlig"), "no confidential title in the public PDF");

    let draft = app
        .store
        .create_meeting(&Meeting::plan(body.id, "2026-05-08".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let (status, page) = app.get(&format!("/moten/{}/protokoll.pdf", draft.id)).await;
    assert_eq!(status, 422);
    assert!(page.contains("Protokollet är inte justerat ännu."));
    assert_eq!(
        app.get(&format!("/moten/{}/kallelse.pdf", draft.id)).await.0,
        200,
        "the agenda is public"
    );
}

/// The text of a PDF, by Debian's pdftotext.
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext from poppler-utils");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

/// A recommendation to the five member municipalities of a body, in an adjusted protocol.
async fn recommendation_to_five(store: &dyn Store) -> (Body, Vec<Organisation>, Item) {
    let body = store
        .create_body(&Body {
            id: BodyId::NEW,
            name: "Länsgruppen Blekinge".into(),
            short_name: "LGB".into(),
            parent_id: None,
            county_code: Some("10".into()),
            numbering: NumberingRule::PerYear,
            description: None,
            notice_days: 21,
            logo_sha256: None,
        })
        .await
        .unwrap();
    let mut organisations = Vec::new();
    for code in ["1060", "1080", "1081", "1082", "1083"] {
        let organisation = store
            .create_organisation(&samverkan_reference::kommun_organisation(code).unwrap())
            .await
            .unwrap();
        let person = store
            .create_person(&Person {
                id: PersonId::NEW,
                name: format!("Ledamot {code}"),
                title: None,
                email: None,
            })
            .await
            .unwrap();
        store
            .add_membership(&Membership {
                id: MembershipId::NEW,
                body_id: body.id,
                person_id: person.id,
                organisation_id: Some(organisation.id),
                role: Role::Ledamot,
                period: Period::new("2020-01-01".parse().unwrap(), None).unwrap(),
            })
            .await
            .unwrap();
        organisations.push(organisation);
    }
    let mut meeting = Meeting::plan(body.id, "2026-02-06".parse().unwrap(), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    let mut item = Item::new(ItemNumber::paragraph(12), "Gemensam riktlinje för hemsjukvård");
    item.recommendations = vec![Recommendation {
        text: "att anta den gemensamma riktlinjen".into(),
        addressees: vec![Addressee::Group {
            name: "kommunerna".into(),
        }],
    }];
    item.assignments = vec![Assignment {
        assignee: "Arbetsgruppen".into(),
        assignee_person_id: None,
        assignee_organisation_id: None,
        task: "återkomma med en plan för införandet".into(),
        due: Some(Due::Date {
            date: "2026-04-01".parse().unwrap(),
        }),
        status: AssignmentStatus::Open,
    }];
    let mut protocol = Protocol {
        body: body.clone(),
        meeting,
        items: vec![item],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let stored = store.create_protocol(&protocol).await.unwrap();
    (body, organisations, stored.items[0].clone())
}

#[tokio::test]
async fn answers_to_a_recommendation_are_followed_until_every_organisation_has_decided() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, organisations, item) = recommendation_to_five(store).await;
    secretary_user(store, body.id).await;
    let browser = app.browser();
    browser.log_in("sara").await;
    let page = format!("/organ/{}/uppfoljning", body.id);
    let answer_path = format!("{page}/svar");
    let (item_id, org) = (item.id.to_string(), |k: usize| organisations[k].id.to_string());
    for (k, status) in [(0, "adopted"), (1, "rejected"), (3, "adopted")] {
        let organisation = org(k);
        let reply = browser
            .submit(
                &page,
                &answer_path,
                &[
                    ("item_id", &item_id),
                    ("position", "0"),
                    ("organisation_id", &organisation),
                    ("status", status),
                    ("board", "Kommunstyrelsen"),
                    ("decided_on", "2026-03-10"),
                    ("reference", "KS 2026/41"),
                ],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.text);
    }
    let shown = browser.get(&page).await.text;
    assert!(shown.contains("3 av 5 har beslutat; 2 har inte beslutat."), "{shown}");
    // "What has Ronneby not yet decided on?" (Ronneby is 1081, the third.)
    let ronneby = browser.get(&format!("{page}?organisation={}", org(2))).await.text;
    assert!(
        ronneby.contains("1 rekommendationer som Ronneby kommun ännu inte beslutat om."),
        "{ronneby}"
    );
    let olofstrom = browser.get(&format!("{page}?organisation={}", org(0))).await.text;
    assert!(
        olofstrom.contains("0 rekommendationer som Olofströms kommun"),
        "{olofstrom}"
    );

    // Bad input: a date that has not been, an organisation the recommendation does not go to.
    let stranger = store
        .create_organisation(&samverkan_reference::kommun_organisation("0180").unwrap())
        .await
        .unwrap();
    let future = browser
        .submit(
            &page,
            &answer_path,
            &[
                ("item_id", &item_id),
                ("position", "0"),
                ("organisation_id", &org(4)),
                ("status", "adopted"),
                ("decided_on", "2999-01-01"),
            ],
        )
        .await;
    assert_eq!(future.status, 422);
    // The refusal stands beside the form that was sent, with what was typed in it.
    assert!(
        future.text.contains(&format!(
            r#"id="svar-{item_id}-0-error">Datumet 2999-01-01 har inte varit än."#
        )),
        "{}",
        future.text
    );
    assert!(future
        .text
        .contains(r#"name="decided_on" type="date" value="2999-01-01""#));
    let early = browser
        .submit(
            &page,
            &answer_path,
            &[
                ("item_id", &item_id),
                ("position", "0"),
                ("organisation_id", &org(4)),
                ("status", "adopted"),
                ("board", "Kommunfullmäktige"),
                ("decided_on", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(early.status, 422);
    assert!(
        early
            .text
            .contains("Beslutet 2001-01-01 är fattat före rekommendationen"),
        "{}",
        early.text
    );
    assert!(early.text.contains(r#"value="Kommunfullmäktige""#), "input kept");
    let outsider = browser
        .submit(
            &page,
            &answer_path,
            &[
                ("item_id", &item_id),
                ("position", "0"),
                ("organisation_id", &stranger.id.to_string()),
                ("status", "adopted"),
                ("decided_on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(outsider.status, 422);
    assert!(
        outsider
            .text
            .contains("Stockholms kommun är inte en av de organisationer som rekommendationen riktar sig till."),
        "{}",
        outsider.text
    );
    let wrong_date = browser
        .submit(
            &page,
            &answer_path,
            &[
                ("item_id", &item_id),
                ("position", "0"),
                ("organisation_id", &org(4)),
                ("status", "adopted"),
                ("decided_on", "10/3 2026"),
            ],
        )
        .await;
    assert_eq!(wrong_date.status, 422);
    assert_eq!(
        store.responses(body.id, None).await.unwrap().len(),
        3,
        "nothing was stored by a refused answer"
    );

    // The assignment is overdue until it is reported; the protocol's hash never changes.
    let before = store.protocol(item.meeting_id).await.unwrap().content_sha256();
    assert!(shown.contains("försenat"), "{shown}");
    let reported = browser
        .submit(
            &page,
            &format!("{page}/uppdrag"),
            &[
                ("item_id", &item_id),
                ("position", "0"),
                ("status", "reported"),
                ("note", "Planen redovisad"),
            ],
        )
        .await;
    assert_eq!(reported.status, 303);
    let shown = browser.get(&page).await.text;
    assert!(
        shown.contains("återrapporterat: Planen redovisad") && !shown.contains("försenat"),
        "{shown}"
    );
    assert_eq!(store.protocol(item.meeting_id).await.unwrap().content_sha256(), before);

    // The same in the API.
    let (status, json) = app.get(&format!("/api/v1/bodies/{}/follow-up", body.id)).await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["recommendations"][0]["pending"], 2);
    assert_eq!(json["assignments"][0]["status"], "reported");
}

#[tokio::test]
async fn grants_and_cost_splits_download_as_csv_for_swedish_spreadsheets() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, organisations, item) = recommendation_to_five(store).await;
    let key: Vec<SplitParty> = organisations
        .iter()
        .map(|o| SplitParty {
            organisation_id: Some(o.id),
            payer: o.name.clone(),
            weight: o.population.unwrap_or(1) as u64,
            guaranteed: Money::ZERO,
        })
        .collect();
    let mut share = CostShare::split(
        body.id,
        "Länssamordnare",
        Money(10_000_001),
        CostShareKey::Population { year: 2018 },
        &key,
    )
    .unwrap();
    share.decided_at_item = Some(item.id);
    store.create_cost_share(&share).await.unwrap();
    let response = reqwest::get(format!("{}/organ/{}/kostnadsfordelningar.csv", app.address, body.id))
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("kostnadsfordelningar-lgb.csv"));
    let text = response.text().await.unwrap();
    assert!(
        text.starts_with("\u{feff}Kostnadsfördelning;Totalt (kr);Betalare;Grund;Belopp (kr)\r\n"),
        "{text:?}"
    );
    let amounts: i64 = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit(';').next().unwrap().replace(',', "").parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        amounts, 10_000_001,
        "the parts in the file sum to the total, to the öre"
    );
    assert!(text.contains(";100000,01;Karlskrona kommun;"), "{text}");

    // A title and a payer written to run as formulas come out as inert text; a quote and a
    // line break in the body's short name cannot break the header.
    let other = store
        .create_body(&Body {
            name: "Ett organ med ett svårt kortnamn".into(),
            short_name: "L\"G\r\nB".into(),
            ..body.clone()
        })
        .await
        .unwrap();
    let hostile = CostShare::split(
        other.id,
        "=1+1",
        Money(100),
        CostShareKey::FixedPercent,
        &[SplitParty {
            organisation_id: None,
            payer: "=HYPERLINK(\"http://x\")".into(),
            weight: 10_000,
            guaranteed: Money::ZERO,
        }],
    )
    .unwrap();
    store.create_cost_share(&hostile).await.unwrap();
    let response = reqwest::get(format!("{}/organ/{}/kostnadsfordelningar.csv", app.address, other.id))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.contains("filename*=UTF-8''kostnadsfordelningar-l%22g%0D%0Ab.csv"),
        "{disposition}"
    );
    let text = response.text().await.unwrap();
    assert!(
        text.contains("\r\n'=1+1;1,00;\"'=HYPERLINK(\"\"http://x\"\")\";"),
        "{text}"
    );
    assert!(!text.contains(";=") && !text.contains("\n="), "{text}");
}

#[tokio::test]
async fn the_secretary_splits_a_cost_by_key_and_bad_figures_store_nothing() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, organisations, _) = recommendation_to_five(store).await;
    secretary_user(store, body.id).await;
    let browser = app.browser();
    browser.log_in("sara").await;
    let page = format!("/organ/{}/uppfoljning", body.id);
    let path = format!("/organ/{}/kostnadsfordelningar", body.id);
    let w = |k: usize| format!("weight_{}", organisations[k].id);
    let (w0, w1) = (w(0), w(1));
    let g0 = format!("guaranteed_{}", organisations[0].id);
    let refused = [
        (
            vec![
                ("title", "Samordnare"),
                ("total", "100 000"),
                ("key", "fixed_percent"),
                (w0.as_str(), "70"),
                (w1.as_str(), "20"),
            ],
            "Procentsatserna summerar till 90 % och inte till 100 %.",
        ),
        (
            vec![("title", "Samordnare"), ("total", "-5 000"), ("key", "population")],
            "Beloppet får inte vara negativt",
        ),
        (
            vec![("title", "Samordnare"), ("total", "mycket"), ("key", "population")],
            "Ogiltigt belopp",
        ),
        (
            vec![
                ("title", "Samordnare"),
                ("total", "100"),
                ("key", "fixed_percent"),
                (w0.as_str(), "sjuttio"),
            ],
            "Ogiltig procentsats för",
        ),
        (
            vec![
                ("title", "Samordnare"),
                ("key", "guaranteed_plus_hourly"),
                ("hourly_rate", "1 000 000"),
                (w0.as_str(), "10000000000000"),
            ],
            "Beloppet är för stort.",
        ),
        (
            vec![
                ("title", "Samordnare"),
                ("key", "guaranteed_plus_hourly"),
                ("hourly_rate", "0,01"),
                (w0.as_str(), "18446744073709551615"),
                (&g0, "100"),
            ],
            "Beloppet är för stort.",
        ),
        (
            vec![
                ("title", "Samordnare"),
                ("total", "99999999999999999999999"),
                ("key", "population"),
            ],
            "Beloppet är för stort.",
        ),
    ];
    for (fields, expected) in refused {
        let reply = browser.submit(&page, &path, &fields).await;
        assert_eq!(reply.status, 422, "{expected}");
        assert!(reply.text.contains(expected), "{expected}: {}", reply.text);
    }
    assert!(store.cost_shares(body.id).await.unwrap().is_empty(), "nothing stored");

    let ok = browser
        .submit(
            &page,
            &path,
            &[
                ("title", "Vård- och omsorgscollege"),
                ("total", "389 000"),
                ("key", "fixed_percent"),
                (w0.as_str(), "70"),
                (w1.as_str(), "30"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let by_population = browser
        .submit(
            &page,
            &path,
            &[("title", "Länssamordnare"), ("total", "1 kr"), ("key", "population")],
        )
        .await;
    assert_eq!(by_population.status, 303, "{}", by_population.text);
    let shares = store.cost_shares(body.id).await.unwrap();
    let part = |payer: &str| shares[0].parts.iter().find(|p| p.payer == payer).unwrap().amount;
    assert_eq!(part("Olofströms kommun"), Money::from_kronor(272_300));
    assert_eq!(part("Karlskrona kommun"), Money::from_kronor(116_700));
    assert_eq!(shares[0].parts.len(), 2, "only those with a share");
    assert_eq!(shares[1].parts.len(), 5);
    assert_eq!(
        shares[1].parts.iter().map(|p| p.amount).sum::<Money>(),
        Money::from_kronor(1)
    );
}

#[tokio::test]
async fn a_hostile_page_number_is_refused_in_swedish_and_the_server_keeps_answering() {
    let app = spawn_app().await;
    for path in [
        "/sok?q=hemsjukv%C3%A5rd&sida=99999999999999",
        "/sok?q=hemsjukv%C3%A5rd&sida=9223372036854775807",
        "/sok?q=hemsjukv%C3%A5rd&sida=-3",
        "/sok?q=x&ar=99999999999",
    ] {
        let (status, text) = app.get(path).await;
        assert_eq!(status, 422, "{path}");
        assert!(
            text.contains("finns inte") || text.contains("Ogiltigt värde"),
            "{path}: {text}"
        );
    }
    let api = app.get("/api/v1/search?q=hemsjukv%C3%A5rd&sida=100000000").await;
    assert_eq!(api.0, 422);
    assert!(api.1.contains("sidnummer"), "{}", api.1);
    assert_eq!(app.get("/sok?q=x&sida=2").await.0, 200, "an ordinary page still works");
    assert_eq!(app.get("/health").await, (200, "ok".to_string()));
}

#[tokio::test]
async fn logout_a_new_password_and_disabling_end_the_session_on_the_server() {
    let app = spawn_app().await;
    user(app.store.as_ref(), "sara", UserRole::Secretary, None).await;
    let browser = app.browser();
    browser.log_in("sara").await;
    let old_cookie = browser.cookie.lock().unwrap().clone();
    assert!(browser.get("/").await.text.contains("Inloggad som sara"));
    browser.submit("/", "/logga-ut", &[]).await;

    // The cookie from before the logout, replayed by someone who kept it.
    let replay = app.browser();
    *replay.cookie.lock().unwrap() = old_cookie;
    assert!(!replay.get("/").await.text.contains("Inloggad som"));

    let sara = app.store.user_by_username("sara").await.unwrap().unwrap();
    let (phone, laptop) = (app.browser(), app.browser());
    phone.log_in("sara").await;
    laptop.log_in("sara").await;
    app.store.set_password_hash(sara.id, &sara.password_hash).await.unwrap();
    assert!(!phone.get("/").await.text.contains("Inloggad som"));
    assert!(!laptop.get("/").await.text.contains("Inloggad som"));

    phone.log_in("sara").await;
    app.store.set_user_disabled(sara.id, true).await.unwrap();
    assert!(!phone.get("/").await.text.contains("Inloggad som"));
    let refused = phone
        .submit(
            "/logga-in",
            "/logga-in",
            &[("username", "sara"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("Kontot är avstängt"));
}

#[tokio::test]
async fn the_sixth_wrong_password_in_a_row_must_wait_and_the_wait_is_per_account() {
    let app = spawn_app().await;
    user(app.store.as_ref(), "sara", UserRole::Secretary, None).await;
    user(app.store.as_ref(), "mia", UserRole::Member, None).await;
    let browser = app.browser();
    for attempt in 1..=5 {
        let wrong = browser
            .submit("/logga-in", "/logga-in", &[("username", "sara"), ("password", "fel")])
            .await;
        assert_eq!(wrong.status, 401, "attempt {attempt}");
    }
    // Even the right password waits now: the check comes before any password is tried.
    let token = browser.csrf("/logga-in").await;
    let cookie = browser.cookie.lock().unwrap().clone().unwrap();
    let response = app
        .http
        .post(format!("{}/logga-in", app.address))
        .header("cookie", cookie)
        .form(&[("_csrf", token.as_str()), ("username", "sara"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry), "{retry}");
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("För många misslyckade inloggningar"));
    // An unknown user is counted the same way as a known one.
    for _ in 1..=5 {
        browser
            .submit("/logga-in", "/logga-in", &[("username", "ingen"), ("password", "fel")])
            .await;
    }
    let unknown = browser
        .submit("/logga-in", "/logga-in", &[("username", "ingen"), ("password", "fel")])
        .await;
    assert_eq!(unknown.status, 429);
    // Another account from the same address is not locked out.
    app.browser().log_in("mia").await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/finns-inte", "/static/style.css", "/api/v1/bodies"] {
        let response = app.http.get(format!("{}{path}", app.address)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let https = spawn_app_with(|state| AppState {
        secure_cookies: true,
        ..state
    })
    .await;
    let response = https.http.get(format!("{}/", https.address)).send().await.unwrap();
    assert!(response.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}

#[tokio::test]
async fn the_administrator_disables_an_account_and_sets_a_new_password_on_the_web() {
    let app = spawn_app().await;
    user(app.store.as_ref(), "admin", UserRole::Administrator, None).await;
    user(app.store.as_ref(), "mia", UserRole::Member, None).await;
    let mia = app.store.user_by_username("mia").await.unwrap().unwrap();
    let (admin, member) = (app.browser(), app.browser());
    admin.log_in("admin").await;
    member.log_in("mia").await;
    let page = admin.get("/admin").await.text;
    assert!(page.contains("<td>mia</td>") && page.contains("Aktivt"), "{page}");

    let off = admin
        .submit(
            "/admin",
            &format!("/admin/anvandare/{}/avstangning", mia.id),
            &[("avstangd", "1")],
        )
        .await;
    assert_eq!(off.status, 303);
    assert!(
        !member.get("/").await.text.contains("Inloggad som"),
        "her session ended"
    );
    assert!(admin.get("/admin").await.text.contains("Avstängt"));
    admin
        .submit(
            "/admin",
            &format!("/admin/anvandare/{}/avstangning", mia.id),
            &[("avstangd", "0")],
        )
        .await;
    member.log_in("mia").await;

    let short = admin
        .submit(
            "/admin",
            &format!("/admin/anvandare/{}/losenord", mia.id),
            &[("password", "kort")],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(short.text.contains("minst 8 tecken"));
    let reset = admin
        .submit(
            "/admin",
            &format!("/admin/anvandare/{}/losenord", mia.id),
            &[("password", "ett nytt långt lösenord")],
        )
        .await;
    assert_eq!(reset.status, 303);
    assert!(!member.get("/").await.text.contains("Inloggad som"));
    let new = member
        .submit(
            "/logga-in",
            "/logga-in",
            &[("username", "mia"), ("password", "ett nytt långt lösenord")],
        )
        .await;
    assert_eq!(new.status, 303);

    let me = app.store.user_by_username("admin").await.unwrap().unwrap();
    let myself = admin
        .submit(
            "/admin",
            &format!("/admin/anvandare/{}/avstangning", me.id),
            &[("avstangd", "1")],
        )
        .await;
    assert_eq!(myself.status, 422);
    assert!(myself.text.contains("ditt eget konto"));
}

#[tokio::test]
async fn an_overlong_title_or_paragraph_number_is_refused_in_swedish_and_nothing_is_stored() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let draft = store
        .create_meeting(&Meeting::plan(body.id, "2026-06-05".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let sara = app.browser();
    sara.log_in("sara").await;
    let new_item = format!("/moten/{}/arenden/nytt", draft.id);
    let title = "Ä".repeat(33_000);
    let cases = [
        (
            vec![("number", "1"), ("title", title.as_str())],
            "Fältet ”Rubrik” är för långt: 33 000 tecken",
        ),
        (
            vec![("number", "4294967295"), ("title", "Ärende")],
            "Ogiltigt paragrafnummer",
        ),
    ];
    for (fields, expected) in cases {
        let reply = sara.submit(&new_item, &new_item, &fields).await;
        assert_eq!(reply.status, 422, "{expected}");
        assert!(
            reply.text.contains(expected),
            "{expected}: {}",
            &reply.text[..reply.text.len().min(2000)]
        );
    }
    assert!(store.items(draft.id).await.unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn a_membership_naming_an_unknown_person_or_organisation_is_refused_not_a_server_error() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    user(store, "admin", UserRole::Administrator, None).await;
    let admin = app.browser();
    admin.log_in("admin").await;
    let page = format!("/organ/{}/medlemmar", body.id);
    let known = person_with_role(store, body.id, "Kim Känd", Role::Ledamot)
        .await
        .id
        .to_string();
    for fields in [
        vec![("person_id", "999999"), ("role", "ledamot"), ("start", "2026-01-01")],
        vec![
            ("person_id", known.as_str()),
            ("organisation_id", "999999"),
            ("role", "ledamot"),
            ("start", "2026-01-01"),
        ],
    ] {
        let reply = admin.submit(&page, &page, &fields).await;
        assert_eq!(reply.status, 422, "{fields:?}: {}", reply.text);
        assert!(reply.text.contains("finns inte längre"), "{}", reply.text);
    }
}

/// A log sink for one test.
#[derive(Clone, Default)]
struct Log(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_user_name_cannot_write_a_line_of_its_own_into_the_log() {
    let log = Log::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    // The test's runtime runs the server on this thread, so the default reaches its handlers.
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = spawn_app().await;
    let forged = "eve\n2026-12-02T10:00:00Z  INFO login ok username=admin\u{1b}[31m";
    let reply = app
        .browser()
        .submit("/logga-in", "/logga-in", &[("username", forged), ("password", "fel")])
        .await;
    assert_eq!(reply.status, 401);
    app.get("/sok?q=x&sida=%0A%1B[31mINFO%20login%20ok").await;
    let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("failed login"), "{text}");
    for line in text.lines() {
        assert!(
            !line.contains("login ok") || line.contains("failed login") || line.contains("request refused"),
            "a forged line: {line}"
        );
    }
    assert!(!text.contains('\u{1b}'), "no terminal escapes: {text}");
}

#[tokio::test]
async fn a_secretary_cannot_adjust_alone_sign_twice_or_leak_a_draft_through_the_api() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    let secretary = secretary_user(store, body.id).await;
    let mut draft = Meeting::plan(body.id, "2026-06-05".parse().unwrap(), None, None, None).unwrap();
    draft.attendance.push(Attendance {
        person_id: None,
        organisation_id: None,
        organisation: None,
        name: Some("Hemlig Närvarande".into()),
        title: None,
        role: Some(Role::Ledamot),
        voting: true,
        status: AttendanceStatus::Present,
        presence: Presence::Whole,
    });
    let draft = store.create_meeting(&draft).await.unwrap();
    let sara = app.browser();
    sara.log_in("sara").await;
    let page = format!("/moten/{}", draft.id);
    let sign_up = |role: &'static str| {
        let page = page.clone();
        let sara = &sara;
        let person = secretary.id.to_string();
        async move {
            let version = store.meeting(draft.id).await.unwrap().version.to_string();
            sara.submit(
                &page,
                &format!("{page}/justerare"),
                &[("person_id", person.as_str()), ("role", role), ("version", &version)],
            )
            .await
        }
    };
    assert_eq!(sign_up("chair").await.status, 303);
    let twice = sign_up("adjuster").await;
    assert_eq!(twice.status, 422);
    assert!(twice.text.contains("kan bara ha en plats"), "{}", twice.text);
    for to in ["held", "minutes_drafted", "sent_for_adjustment"] {
        let version = store.meeting(draft.id).await.unwrap().version.to_string();
        let reply = sara
            .submit(&page, &format!("{page}/status"), &[("to", to), ("version", &version)])
            .await;
        assert_eq!(reply.status, 303, "{to}: {}", reply.text);
    }
    approve_as(store, &sara, draft.id).await;
    let after = store.meeting(draft.id).await.unwrap();
    assert_eq!(
        after.status,
        MeetingStatus::SentForAdjustment,
        "one signature locks nothing"
    );

    // Anonymous readers of the API see when and where, not who.
    let (status, json) = app.get(&format!("/api/v1/bodies/{}/meetings", body.id)).await;
    assert_eq!(status, 200);
    for secret in ["Hemlig Närvarande", "Sara Sekreterare", "attendance", "adjusters"] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    assert!(json.contains("\"status\":\"sent_for_adjustment\""), "{json}");
    let (_, protocol) = app.get(&format!("/api/v1/meetings/{}", draft.id)).await;
    assert!(
        !protocol.contains("Hemlig Närvarande") && !protocol.contains("Sara Sekreterare"),
        "{protocol}"
    );
}

#[tokio::test]
async fn an_adjuster_is_told_by_email_when_a_change_makes_their_approval_void() {
    let (smtp_url, mut inbox) = smtp_sink().await;
    let app = spawn_app_with(|state| AppState {
        mailer: Some(samverkan_web::Mailer::new(&smtp_url, "kansliet@example.invalid").unwrap()),
        ..state
    })
    .await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let chair = person_with_role(store, body.id, "Ada Ordförande", Role::Ledamot).await;
    let adjuster = person_with_role(store, body.id, "Bo Justerare", Role::Ledamot).await;
    let mut meeting = Meeting::plan(body.id, "2026-10-02".parse().unwrap(), None, None, None).unwrap();
    for (person, role) in [(&chair, AdjusterRole::Chair), (&adjuster, AdjusterRole::Adjuster)] {
        meeting
            .add_adjuster(Adjuster {
                person_id: Some(person.id),
                name: person.name.clone(),
                role,
                approved_at: None,
                approved_sha256: None,
                comment: None,
            })
            .unwrap();
    }
    for status in [
        MeetingStatus::Held,
        MeetingStatus::MinutesDrafted,
        MeetingStatus::SentForAdjustment,
    ] {
        meeting.transition(status, None, chrono::Utc::now()).unwrap();
    }
    let meeting = store.create_meeting(&meeting).await.unwrap();
    let mut item = Item::new(ItemNumber::paragraph(40), "Äldres hälsa");
    item.meeting_id = meeting.id;
    let item = store.add_item(&item).await.unwrap();
    let (meeting, _) = store
        .approve(meeting.id, meeting.version, chair.id, None, chrono::Utc::now())
        .await
        .unwrap();

    let sara = app.browser();
    sara.log_in("sara").await;
    let edit = |title: &'static str| {
        let sara = &sara;
        async move {
            let path = format!("/moten/{}/arenden/{}", meeting.id, item.id);
            let version = store.item(item.id).await.unwrap().version.to_string();
            let reply = sara
                .submit(
                    &path,
                    &path,
                    &[("number", "40"), ("title", title), ("version", &version)],
                )
                .await;
            assert_eq!(reply.status, 303, "{}", reply.text);
        }
    };
    edit("Äldres hälsa – reviderad").await;
    let (recipients, data) = inbox.recv().await.unwrap();
    assert_eq!(recipients, [chair.email.clone().unwrap()]);
    assert!(data.contains("protokoll TVO 2026-10-02"), "{data}");
    assert!(
        data.contains(&format!("/moten/{}", meeting.id)),
        "the link to approve again: {data}"
    );
    // A second change tells no one again whose approval was already void; the adjuster, who
    // approves the new text, is told when a third change voids theirs.
    edit("Äldres hälsa – reviderad igen").await;
    let current = store.meeting(meeting.id).await.unwrap();
    store
        .approve(meeting.id, current.version, adjuster.id, None, chrono::Utc::now())
        .await
        .unwrap();
    edit("Äldres hälsa – tredje versionen").await;
    let (recipients, _) = inbox.recv().await.unwrap();
    assert_eq!(
        recipients,
        [adjuster.email.clone().unwrap()],
        "the chair is not told twice"
    );
}

#[tokio::test]
async fn an_adjusted_protocol_is_served_with_its_hash_as_etag_and_not_modified_after() {
    let app = spawn_app().await;
    let (_, meeting) = seed(app.store.as_ref()).await;
    let protocol = app.store.protocol(meeting.id).await.unwrap();
    let mut locked = protocol.meeting.clone();
    locked.adjustment.content_sha256 = Some(protocol.content_sha256());
    let locked = app
        .store
        .create_protocol(&Protocol {
            meeting: locked,
            ..protocol
        })
        .await
        .unwrap();
    let hash = locked.meeting.adjustment.content_sha256.clone().unwrap();
    for path in [
        format!("/moten/{}", locked.meeting.id),
        format!("/moten/{}/protokoll.txt", locked.meeting.id),
        format!("/api/v1/meetings/{}", locked.meeting.id),
        format!("/moten/{}/protokoll.pdf", locked.meeting.id),
    ] {
        let url = format!("{}{path}", app.address);
        let first = app.http.get(&url).send().await.unwrap();
        assert_eq!(first.status(), 200, "{path}");
        let etag = first.headers()["etag"].to_str().unwrap().to_string();
        assert!(etag.starts_with(&format!("\"{hash}-")), "{path}: {etag}");
        assert!(first.headers()["cache-control"].to_str().unwrap().starts_with("public"));
        assert!(
            first.headers().get("set-cookie").is_none(),
            "{path}: a shared cache keeps no cookie"
        );
        let again = app.http.get(&url).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
        let other = app
            .http
            .get(&url)
            .header("if-none-match", "\"annan\"")
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 200, "{path}: another tag gets the document");
    }
    // The PDF was typeset once and kept for every server; the next reader gets the same bytes.
    // The key names the letterhead ("-": no logo) and the signer (none here) too.
    let variant = format!(
        "public:{}:{}/moten/{}/verifiera:-:",
        env!("CARGO_PKG_VERSION"),
        app.state.public_url.trim_end_matches('/'),
        locked.meeting.id
    );
    let kept = app.store.rendering(locked.meeting.id, &variant, &hash).await.unwrap();
    let served = app
        .http
        .get(format!("{}/moten/{}/protokoll.pdf", app.address, locked.meeting.id))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some(&served[..]),
        "kept once rendered, served from the copy"
    );
    assert_eq!(
        app.store.rendering(locked.meeting.id, &variant, "annan").await.unwrap(),
        None
    );
    // So was the canonical text, byte for byte what a reader checks the hash against.
    let text = app
        .http
        .get(format!("{}/moten/{}/protokoll.txt", app.address, locked.meeting.id))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let kept_text = app
        .store
        .locked_rendering(locked.meeting.id, concat!("canonical-text:", env!("CARGO_PKG_VERSION")))
        .await
        .unwrap()
        .expect("the canonical text is kept");
    assert_eq!(kept_text.content, text.as_bytes());
    assert_eq!(
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
        hash
    );
    // The public page was kept too, and publication (new dates on the page, same content)
    // makes a new page and a new tag, not a stale copy.
    let page_url = format!("{}/moten/{}", app.address, locked.meeting.id);
    let before = app.http.get(&page_url).send().await.unwrap();
    let before_tag = before.headers()["etag"].to_str().unwrap().to_string();
    assert!(!before.text().await.unwrap().contains("2026-04-12"));
    assert!(app
        .store
        .locked_rendering(locked.meeting.id, concat!("page-public:", env!("CARGO_PKG_VERSION")))
        .await
        .unwrap()
        .is_some());
    let mut published = locked.meeting.clone();
    published.publication = Some(Publication {
        posted_on: "2026-03-21".parse().unwrap(),
        taken_down_on: Some("2026-04-12".parse().unwrap()),
    });
    app.store.update_meeting(&published).await.unwrap();
    // Written past the server, as another process would: the change log brings it.
    app.state.apply_search_changes().await.unwrap();
    let after = app
        .http
        .get(&page_url)
        .header("if-none-match", &before_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200, "the old tag no longer matches");
    assert_ne!(after.headers()["etag"].to_str().unwrap(), before_tag);
    let after = after.text().await.unwrap();
    assert!(after.contains("Anslaget 2026-03-21, tas ned 2026-04-12"), "{after}");
    // A protocol still open to change has no tag to trust.
    let draft = app
        .store
        .create_meeting(&Meeting::plan(meeting.body_id, "2026-09-01".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let response = app
        .http
        .get(format!("{}/api/v1/meetings/{}", app.address, draft.id))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("etag").is_none());
}

#[tokio::test]
async fn a_bodys_archive_is_read_a_year_at_a_time_and_the_api_a_page_at_a_time() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    for year in [2019, 2021] {
        for month in 1..=12 {
            let date = chrono::NaiveDate::from_ymd_opt(year, month, 10).unwrap();
            store
                .create_meeting(&Meeting::plan(body.id, date, None, None, None).unwrap())
                .await
                .unwrap();
        }
    }
    // The latest year by default, every year of the archive linked, another year on request.
    let (status, page) = app.get(&format!("/organ/{}", body.id)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Sammanträden 2026") && page.contains("2026-03-13"),
        "{page}"
    );
    assert!(!page.contains("2021-05-10"));
    for year in ["2019", "2020", "2021"] {
        assert!(page.contains(&format!("?ar={year}\"")), "a link to {year}");
    }
    let (_, y2021) = app.get(&format!("/organ/{}?ar=2021", body.id)).await;
    assert!(y2021.contains("2021-05-10") && !y2021.contains("2019-05-10") && !y2021.contains("2026-03-13"));
    assert_eq!(app.get(&format!("/organ/{}?ar=99999999999", body.id)).await.0, 422);

    // 25 meetings: the API's first page of 100 has them all and no next page.
    let (_, list) = app.get(&format!("/api/v1/bodies/{}/meetings", body.id)).await;
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["data"].as_array().unwrap().len(), 25);
    assert!(list["links"].get("next").is_none());
    assert_eq!(list["data"][0]["date"], "2019-01-10", "oldest first");
    let (_, second) = app.get(&format!("/api/v1/bodies/{}/meetings?sida=2", body.id)).await;
    let second: serde_json::Value = serde_json::from_str(&second).unwrap();
    assert!(second["data"].as_array().unwrap().is_empty());
    assert_eq!(
        app.get(&format!("/api/v1/bodies/{}/meetings?sida=99999999999999", body.id))
            .await
            .0,
        422
    );
}

/// Two connections to one new, migrated database file, as two server processes would hold.
async fn two_stores_on_one_file(name: &str) -> (Arc<dyn Store>, Arc<dyn Store>) {
    let path = std::env::temp_dir().join(format!(
        "samverkan-{name}-{}-{}.db",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    let first = SqliteStore::connect_file(&path).await.unwrap();
    first.migrate().await.unwrap();
    let second = SqliteStore::connect_file(&path).await.unwrap();
    (Arc::new(first), Arc::new(second))
}

#[tokio::test]
async fn a_protocol_saved_through_one_server_is_found_by_another_through_the_change_log() {
    // Two processes' states on one database file, each with an index of its own.
    let (first, second) = two_stores_on_one_file("two-servers").await;
    let (body, _) = seed(first.as_ref()).await;
    let (one, other) = (AppState::new(first.clone()), AppState::new(second.clone()));
    one.rebuild_search().await.unwrap();
    other.rebuild_search().await.unwrap();
    let search = |state: &AppState, words: &str| {
        state
            .search
            .search(&samverkan_search::SearchRequest::public(words))
            .unwrap()
            .total
    };
    assert_eq!(search(&other, "Samordnad individuell plan"), 1);

    // A new protocol stored through the first (as a save or the CLI's import would).
    let mut item = Item::new(ItemNumber::paragraph(1), "Kvällsöppen vårdcentral i glesbygden");
    item.notes = vec!["Försöket utvärderades.".into()];
    let mut meeting2 = Meeting::plan(body.id, "2026-04-17".parse().unwrap(), None, None, None).unwrap();
    meeting2.status = MeetingStatus::Published;
    let mut protocol = Protocol {
        body: body.clone(),
        meeting: meeting2,
        items: vec![item],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    first.create_protocol(&protocol).await.unwrap();
    assert_eq!(search(&other, "glesbygden"), 0, "not yet followed");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        other.apply_search_changes().await.unwrap();
        if search(&other, "glesbygden") == 1 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "found within 2 s");
        tokio::task::yield_now().await;
    }
    // A change to a draft is followed too, and nothing is applied twice.
    let draft = first
        .create_meeting(&Meeting::plan(body.id, "2026-05-20".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let mut open = Item::new(ItemNumber::paragraph(9), "Ett utkast om munhälsa");
    open.meeting_id = draft.id;
    first.add_item(&open).await.unwrap();
    assert!(other.apply_search_changes().await.unwrap() >= 1);
    assert_eq!(
        other.apply_search_changes().await.unwrap(),
        0,
        "every change applied once"
    );
}

#[tokio::test]
async fn an_adjusted_protocol_held_in_memory_is_forgotten_when_another_server_publishes_it() {
    let (first, second) = two_stores_on_one_file("hot-copies").await;
    let (body, _) = seed(first.as_ref()).await;
    let mut meeting = Meeting::plan(body.id, "2026-03-12".parse().unwrap(), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    let mut protocol = Protocol {
        body: body.clone(),
        meeting,
        items: vec![Item::new(ItemNumber::paragraph(4), "Gemensam rutin för utskrivning")],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let stored = first.create_protocol(&protocol).await.unwrap();
    let id = stored.meeting.id;

    // The second server shows the adjusted protocol, then holds its page.
    let app = spawn_app_with(|state| AppState {
        store: second.clone(),
        ..state
    })
    .await;
    app.state.apply_search_changes().await.unwrap();
    let (status, page) = app.get(&format!("/moten/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Gemensam rutin för utskrivning"));
    assert!(!page.contains("Anslaget"), "not posted yet");

    // The first publishes it; the second's copy goes when the change log brings the change.
    let mut meeting = first.meeting(id).await.unwrap();
    meeting
        .transition(MeetingStatus::Published, None, chrono::Utc::now())
        .unwrap();
    meeting.publication = Some(body.notice_from("2026-03-16".parse().unwrap()));
    first.update_meeting(&meeting).await.unwrap();
    assert_eq!(
        app.get(&format!("/moten/{id}")).await.1,
        page,
        "served from memory until the change arrives"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        app.state.apply_search_changes().await.unwrap();
        let (status, now) = app.get(&format!("/moten/{id}")).await;
        assert_eq!(status, 200);
        if now.contains("Anslaget 2026-03-16") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "published within 2 s");
        tokio::task::yield_now().await;
    }
    // And the canonical text, once made, is the protocol's locked content.
    let (status, text) = app.get(&format!("/moten/{id}/protokoll.txt")).await;
    assert_eq!(status, 200);
    assert_eq!(app.get(&format!("/moten/{id}/protokoll.txt")).await.1, text);
    assert!(text.contains("Gemensam rutin för utskrivning"));
}

#[tokio::test]
async fn items_stand_by_number_a_number_is_used_once_and_a_form_sent_twice_creates_once() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let sara = app.browser();
    sara.log_in("sara").await;

    // The plan form sent twice (a double click) plans one meeting and leads to it both times.
    let plan_path = format!("/organ/{}/moten/nytt", body.id);
    let (csrf, once) = sara.form_tokens(&plan_path).await;
    let plan = [
        ("_csrf", csrf.as_str()),
        ("_once", once.as_str()),
        ("date", "2026-09-01"),
    ];
    let first = sara.post(&plan_path, &plan).await;
    let second = sara.post(&plan_path, &plan).await;
    assert_eq!((first.status, second.status), (303, 303));
    assert_eq!(
        first.location, second.location,
        "the repeat leads where the first one did"
    );
    assert_eq!(
        store.meetings(body.id).await.unwrap().len(),
        2,
        "one new meeting, not two"
    );
    let meeting_path = first.location.unwrap();
    let meeting_id = MeetingId(meeting_path.rsplit('/').next().unwrap().parse().unwrap());

    // The seeded March meeting used §§ 12–13: September is offered § 14.
    let new_item = format!("{meeting_path}/arenden/nytt");
    let add = |number: &'static str, title: &'static str| {
        let sara = &sara;
        let new_item = &new_item;
        async move {
            let (csrf, once) = sara.form_tokens(new_item).await;
            let fields = [
                ("_csrf", csrf.as_str()),
                ("_once", once.as_str()),
                ("number", number),
                ("title", title),
            ];
            let reply = sara.post(new_item, &fields).await;
            (reply, fields.map(|(k, v)| (k, v.to_string())))
        }
    };
    assert!(sara
        .get(&new_item)
        .await
        .text
        .contains(r#"id="number" name="number" value="14""#));
    let (reply, sent) = add("14", "Budget").await;
    assert_eq!(reply.status, 303);
    let again: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(sara.post(&new_item, &again).await.status, 303);
    assert_eq!(
        store.items(meeting_id).await.unwrap().len(),
        1,
        "the form sent twice created once"
    );
    assert_eq!(add("16", "Verksamhetsplan").await.0.status, 303);
    assert_eq!(add("15", "Hemsjukvård").await.0.status, 303);

    // A number used earlier in the year is refused beside its field, with the input kept.
    let (taken, _) = add("12", "Dubblett av mars").await;
    assert_eq!(taken.status, 422);
    assert!(taken.text.contains(
        r#"id="number-error">§ 12 används redan i protokollet 2026-03-13. Ett paragrafnummer får bara finnas en gång."#
    ));
    assert!(taken
        .text
        .contains(r#"value="12" required aria-invalid="true" aria-describedby="number-error" autofocus"#));
    assert!(taken.text.contains(r#"value="Dubblett av mars""#));

    // § 15, added last, stands between § 14 and § 16: on the page, in the text and the API.
    let order = |text: &str, marks: [&str; 3]| {
        let at: Vec<usize> = marks
            .iter()
            .map(|m| text.find(m).unwrap_or_else(|| panic!("{m}")))
            .collect();
        at.windows(2).all(|w| w[0] < w[1])
    };
    let page = sara.get(&meeting_path).await.text;
    assert!(order(&page, ["§ 14</span>", "§ 15</span>", "§ 16</span>"]), "{page}");
    let numbers: Vec<String> = store
        .items(meeting_id)
        .await
        .unwrap()
        .iter()
        .map(|i| i.number.to_string())
        .collect();
    assert_eq!(numbers, ["14", "15", "16"]);
    // The next suggestion continues after the highest.
    assert!(sara
        .get(&new_item)
        .await
        .text
        .contains(r#"id="number" name="number" value="17""#));
}

#[tokio::test]
async fn the_secretary_moves_cancels_and_deletes_meetings_and_items_while_they_are_open() {
    let (sink, mut inbox) = smtp_sink().await;
    let app = spawn_app_with(|state| AppState {
        mailer: Some(samverkan_web::Mailer::new(&sink, "kansliet@example.invalid").unwrap()),
        ..state
    })
    .await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    let secretary = person_with_role(store, body.id, "Sara Sekreterare", Role::Sekreterare).await;
    person_with_role(store, body.id, "Mia Medlem", Role::Ledamot).await;
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    let sara = app.browser();
    sara.log_in("sara").await;
    let plan_path = format!("/organ/{}/moten/nytt", body.id);
    let mut meetings = Vec::new();
    for day in ["1999-09-01", "2026-10-02", "2026-11-06"] {
        let planned = sara.submit(&plan_path, &plan_path, &[("date", day)]).await;
        assert_eq!(planned.status, 303);
        meetings.push(planned.location.unwrap());
    }
    let [mistake, october, november] = [&meetings[0], &meetings[1], &meetings[2]];

    // A meeting planned for 1999 by mistake is deleted, and leaves the public body page.
    let id_of = |path: &str| MeetingId(path.rsplit('/').next().unwrap().parse().unwrap());
    let version = |id| async move { store.meeting(id).await.unwrap().version.to_string() };
    let delete_path = format!("{mistake}/ta-bort");
    let unconfirmed = sara
        .submit(
            &format!("{mistake}/andra"),
            &delete_path,
            &[("version", &version(id_of(mistake)).await)],
        )
        .await;
    assert_eq!(unconfirmed.status, 422);
    assert!(unconfirmed.text.contains("Kryssa i att sammanträdet"));
    // The error page keeps the signed-in header.
    assert!(unconfirmed.text.contains("Inloggad som sara") && !unconfirmed.text.contains(">Logga in<"));
    let deleted = sara
        .submit(
            &format!("{mistake}/andra"),
            &delete_path,
            &[("version", &version(id_of(mistake)).await), ("confirm", "ja")],
        )
        .await;
    assert_eq!(
        deleted.location.as_deref(),
        Some(format!("/organ/{}", body.id).as_str())
    );
    assert!(!app
        .get(&format!("/organ/{}?ar=1999", body.id))
        .await
        .1
        .contains("1999-09-01"));
    assert_eq!(sara.get(mistake).await.status, 404);
    // A published protocol cannot be deleted.
    let refused = sara
        .submit(
            "/",
            &format!("/moten/{}/ta-bort", published.id),
            &[("version", &published.version.to_string()), ("confirm", "ja")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(store.meeting(published.id).await.is_ok());

    // October moves to another day and room; a wrong date keeps what was typed.
    let edit = format!("{october}/andra");
    let wrong = sara
        .submit(
            &edit,
            &edit,
            &[
                ("version", &version(id_of(october)).await),
                ("date", "2026-10-32"),
                ("place", "Rum 4"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.text.contains("Ogiltigt datum") && wrong.text.contains(r#"value="Rum 4""#));
    let moved = sara
        .submit(
            &edit,
            &edit,
            &[
                ("version", &version(id_of(october)).await),
                ("date", "2026-10-09"),
                ("start_time", "13:00"),
                ("place", "Rum 4"),
            ],
        )
        .await;
    assert_eq!(moved.status, 303);
    let october_meeting = store.meeting(id_of(october)).await.unwrap();
    assert_eq!(
        (october_meeting.date.to_string(), october_meeting.place.as_deref()),
        ("2026-10-09".into(), Some("Rum 4"))
    );

    // Items: one added, moved to November where it takes the next number, then deleted.
    let new_item = format!("{october}/arenden/nytt");
    let added = sara
        .submit(&new_item, &new_item, &[("number", "14"), ("title", "Budget 2027")])
        .await;
    assert_eq!(added.status, 303);
    let item = store.items(id_of(october)).await.unwrap().remove(0);
    let item_path = format!("{october}/arenden/{}", item.id);
    let form = sara.get(&item_path).await.text;
    assert!(form.contains("Flytta till sammanträdet") && form.contains("2026-11-06"));
    let moved = sara
        .submit(
            &item_path,
            &format!("{item_path}/flytta"),
            &[
                ("version", &item.version.to_string()),
                ("target", &id_of(november).0.to_string()),
            ],
        )
        .await;
    assert_eq!(moved.status, 303);
    assert!(store.items(id_of(october)).await.unwrap().is_empty());
    let item = store.items(id_of(november)).await.unwrap().remove(0);
    assert_eq!(item.number.to_string(), "14", "the next free number in November");
    let stale = sara
        .submit(
            "/",
            &format!("{november}/arenden/{}/ta-bort", item.id),
            &[("version", "0")],
        )
        .await;
    assert_eq!(stale.status, 409, "a delete built on an old version is refused");
    let gone = sara
        .submit(
            "/",
            &format!("{november}/arenden/{}/ta-bort", item.id),
            &[("version", &item.version.to_string())],
        )
        .await;
    assert_eq!(gone.status, 303);
    assert!(store.items(id_of(november)).await.unwrap().is_empty());

    // The life cycle offers only the steps allowed now; cancelling tells the members.
    let page = sara.get(november).await.text;
    assert!(page.contains(">Mötet har hållits</button>") && page.contains(">Ställ in mötet</button>"));
    assert!(
        !page.contains(">Skicka för justering</button>"),
        "not before the minutes are written"
    );
    let cancelled = sara
        .submit(
            november,
            &format!("{november}/status"),
            &[("version", &version(id_of(november)).await), ("to", "cancelled")],
        )
        .await;
    assert_eq!(cancelled.status, 303);
    let (to, message) = inbox.recv().await.expect("the cancellation is mailed");
    assert_eq!(to, ["mia@example.invalid"]);
    assert!(message.contains("METHOD:CANCEL") && message.contains("STATUS:CANCELLED"));
    let page = sara.get(november).await.text;
    assert!(page.contains("inställt") && page.contains(">Återuppta mötet</button>"));
    assert!(!page.contains(">Mötet har hållits</button>"));
}

#[tokio::test]
async fn each_person_starts_on_their_own_page_and_answers_the_notice_there() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    let vaxjo = store
        .create_organisation(&samverkan_reference::kommun_organisation("0780").unwrap())
        .await
        .unwrap();
    let secretary = person_with_role(store, body.id, "Sara Sekreterare", Role::Sekreterare).await;
    let mia = person_with_role(store, body.id, "Mia Medlem", Role::Ledamot).await;
    store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: body.id,
            person_id: mia.id,
            organisation_id: Some(vaxjo.id),
            role: Role::Ledamot,
            period: Period::new("2020-01-01".parse().unwrap(), None).unwrap(),
        })
        .await
        .unwrap();
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    user(store, "mia", UserRole::Member, Some(mia.id)).await;
    // An adjusted protocol gave Mia an assignment long due and recommended Växjö a routine.
    let mut item = Item::new(ItemNumber::paragraph(20), "Trygg hemgång");
    item.assignments = vec![Assignment {
        assignee: "Mia Medlem".into(),
        assignee_person_id: Some(mia.id),
        assignee_organisation_id: None,
        task: "Sammanställa erfarenheterna".into(),
        due: Some(Due::Date {
            date: "2026-06-30".parse().unwrap(),
        }),
        status: AssignmentStatus::Open,
    }];
    item.recommendations = vec![Recommendation {
        text: "Kommunerna rekommenderas att anta rutinen för trygg hemgång.".into(),
        addressees: vec![Addressee::Organisation {
            organisation_id: vaxjo.id,
            name: vaxjo.name.clone(),
        }],
    }];
    let mut adjusted = Meeting::plan(body.id, "2026-05-08".parse().unwrap(), None, None, None).unwrap();
    adjusted.status = MeetingStatus::Adjusted;
    let mut protocol = Protocol {
        body: body.clone(),
        meeting: adjusted,
        items: vec![item],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    store.create_protocol(&protocol).await.unwrap();
    let coming = store
        .create_meeting(&Meeting::plan(body.id, "2099-02-06".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();

    assert_eq!(app.get("/mitt").await.0, 401, "the public has no page of its own");
    let browser = app.browser();
    let login = browser
        .submit("/logga-in", "/logga-in", &[("username", "mia"), ("password", PASSWORD)])
        .await;
    assert_eq!(
        login.location.as_deref(),
        Some("/mitt"),
        "signed in, one starts on one's own page"
    );
    let page = browser.get("/mitt").await.text;
    assert!(page.contains("2099-02-06"), "the coming meeting");
    assert!(page.contains("Mia Medlem: Sammanställa erfarenheterna – senast 2026-06-30 (försenat)"));
    assert!(page.contains("Kommunerna rekommenderas att anta rutinen"));
    // Her own calendar, at a personal address a calendar can subscribe to without a login.
    let start = page.find("/kalender/").expect("a personal calendar address");
    let calendar_path = page[start..].split('"').next().unwrap().to_string();
    let calendar = app.get(&calendar_path).await.1;
    assert!(
        calendar.contains(&format!("UID:meeting-{}@samverkan", coming.id)),
        "{calendar}"
    );
    assert!(calendar.contains("X-WR-CALNAME:Mina sammanträden"));
    assert_eq!(app.get("/kalender/00000000000000000000000000000000").await.0, 404);
    assert!(
        !page.contains("Som sekreterare"),
        "a member is not shown a secretary's lists"
    );

    // Mia reports förhinder; the secretary sees it in the attendance.
    let answer = browser
        .submit(
            "/mitt",
            &format!("/moten/{}/svar", coming.id),
            &[("version", &coming.version.to_string()), ("answer", "forhinder")],
        )
        .await;
    assert_eq!(answer.status, 303);
    let stored = store.meeting(coming.id).await.unwrap();
    assert_eq!(stored.answer_of(mia.id), Some(AttendanceStatus::Apologies));
    assert!(browser.get("/mitt").await.text.contains("du har svarat: förhinder"));
    let stale = browser
        .submit(
            "/mitt",
            &format!("/moten/{}/svar", coming.id),
            &[("version", &coming.version.to_string()), ("answer", "kommer")],
        )
        .await;
    assert_eq!(stale.status, 409, "an answer built on an old version is refused");

    let sara = app.browser();
    sara.log_in("sara").await;
    let page = sara.get("/mitt").await.text;
    assert!(page.contains("Som sekreterare") && page.contains("Mia Medlem: Sammanställa erfarenheterna"));
    assert!(page.contains("Justerade protokoll att publicera") && page.contains("2026-05-08"));
    let ersattare = person_with_role(store, body.id, "Erik Ersättare", Role::Ersattare).await;
    let path = format!("/moten/{}/narvaro", coming.id);
    let attendance = sara.get(&path).await.text;
    assert!(attendance.contains("Mia Medlem"));
    assert!(attendance.contains("1 har anmält förhinder. Kalla in en ersättare"));
    // The secretary calls in the ersättare, who serves and decides in Mia's place.
    let marker = format!(r#"name="member" value="{}:"#, ersattare.id);
    let start = attendance.find(&marker).unwrap() + marker.len() - (ersattare.id.to_string().len() + 1);
    let key = attendance[start..].split('"').next().unwrap().to_string();
    let version = store.meeting(coming.id).await.unwrap().version.to_string();
    let called = sara
        .submit(
            &path,
            &path,
            &[("version", &version), ("member", &key), (&format!("serves_{key}"), "1")],
        )
        .await;
    assert_eq!(called.status, 303, "{}", called.text);
    let stored = store.meeting(coming.id).await.unwrap();
    let line = stored
        .attendance
        .iter()
        .find(|a| a.person_id == Some(ersattare.id))
        .unwrap();
    assert!(line.voting, "a serving ersättare decides");
}

#[tokio::test]
async fn the_minutes_are_written_on_one_page_one_paragraph_at_a_time() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    secretary_user(store, body.id).await;
    let sara = app.browser();
    sara.log_in("sara").await;
    let plan_path = format!("/organ/{}/moten/nytt", body.id);
    let planned = sara
        .submit(
            &plan_path,
            &plan_path,
            &[("date", "2026-09-04"), ("standard_items", "1")],
        )
        .await;
    let meeting_path = planned.location.unwrap();
    let meeting_id = MeetingId(meeting_path.rsplit('/').next().unwrap().parse().unwrap());
    let minutes_path = format!("{meeting_path}/protokoll");
    assert_eq!(app.get(&minutes_path).await.0, 401, "the public cannot open it");

    let page = sara.get(&minutes_path).await.text;
    let items = store.items(meeting_id).await.unwrap();
    assert_eq!(items.len(), 4);
    for item in &items {
        assert!(
            page.contains(&format!(r#"id="notes-{}""#, item.id)),
            "a form for § {}",
            item.number
        );
    }
    assert!(page.contains(r#"<script src="/static/minutes.js" defer></script>"#));
    let second = &items[1];
    let action = format!("{meeting_path}/arenden/{}", second.id);
    let version = second.version.to_string();
    let fields = |notes: &'static str| {
        vec![
            ("version", version.clone()),
            ("return", "protokoll".to_string()),
            ("number", second.number.to_string()),
            ("title", second.title.clone()),
            ("notes", notes.to_string()),
            ("clauses", "att välja Ada Ledamot att justera protokollet".to_string()),
            ("outcome", "decided".to_string()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let sara = &sara;
        let (minutes_path, action) = (&minutes_path, &action);
        async move {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            sara.submit(minutes_path, action, &borrowed).await
        }
    };
    let saved = send(fields("Ada Ledamot valdes.")).await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("{minutes_path}#item-{}", second.id).as_str()),
        "back to the same § of the minutes"
    );
    let stored = store.item(second.id).await.unwrap();
    assert_eq!(stored.notes, ["Ada Ledamot valdes."]);
    assert_eq!(stored.decision.unwrap().clauses.len(), 1);
    assert_eq!(stored.title, second.title, "the title is kept");
    // The page shows the new version for the next save of that §.
    let page = sara.get(&minutes_path).await.text;
    assert!(page.contains(&format!(r#"name="version" value="{}""#, stored.version)));
    // A save on the old version is a conflict, and what was written comes back.
    let stale = send(fields("En annan sekreterare skrev detta.")).await;
    assert_eq!(stale.status, 409);
    assert!(stale.text.contains("En annan sekreterare skrev detta."));
    assert_eq!(store.item(second.id).await.unwrap().notes, ["Ada Ledamot valdes."]);
}

#[tokio::test]
async fn the_secretary_keeps_grants_and_agreements_in_forms_tied_to_their_decisions() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    let vaxjo = store
        .create_organisation(&samverkan_reference::kommun_organisation("0780").unwrap())
        .await
        .unwrap();
    let secretary = person_with_role(store, body.id, "Sara Sekreterare", Role::Sekreterare).await;
    store
        .add_membership(&Membership {
            id: MembershipId::NEW,
            body_id: body.id,
            person_id: secretary.id,
            organisation_id: Some(vaxjo.id),
            role: Role::Ledamot,
            period: Period::new("2020-01-01".parse().unwrap(), None).unwrap(),
        })
        .await
        .unwrap();
    user(store, "sara", UserRole::Secretary, Some(secretary.id)).await;
    let sara = app.browser();
    sara.log_in("sara").await;
    let page = format!("/organ/{}/uppfoljning", body.id);

    let created = sara
        .submit(
            &page,
            &format!("/organ/{}/bidrag", body.id),
            &[("name", "Psykisk hälsa"), ("year", "2026"), ("total", "1 000 000")],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.text);
    let grant = store.grants(body.id).await.unwrap().remove(0);
    let rows = format!("/organ/{}/bidrag/{}/rader", body.id, grant.id);
    // A decision that is not in the protocol is refused beside the form, with what was typed.
    let wrong = sara
        .submit(
            &page,
            &rows,
            &[
                ("amount", "250 000"),
                ("activity_code", "A1"),
                ("decided_on", "2026-03-13"),
                ("decision_number", "99"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.text.contains(&format!(
            r#"id="rad-{}-error">Det finns ingen § 99 i protokollet 2026-03-13."#,
            grant.id
        )),
        "{}",
        wrong.text
    );
    assert!(wrong.text.contains(r#"value="250 000""#), "input kept");
    let carried = sara
        .submit(&page, &rows, &[("amount", "250 000"), ("carry_over", "10 000")])
        .await;
    assert_eq!(carried.status, 422);
    assert!(carried
        .text
        .contains("Skriv från vilket år de överförda medlen kommer."));
    let added = sara
        .submit(
            &page,
            &rows,
            &[
                ("amount", "250 000"),
                ("activity_code", "A1"),
                ("recipient", "Växjö kommun"),
                ("decided_on", "2026-03-13"),
                ("decision_number", "12"),
                ("carry_over", "10 000"),
                ("carry_over_from_year", "2025"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.text);
    let grant = store.grant(grant.id).await.unwrap();
    let row = &grant.allocations[0];
    assert_eq!(row.amount, Money::from_kronor(250_000));
    let decided_at = store
        .items(published.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.number.as_str() == "12")
        .unwrap()
        .id;
    assert_eq!(row.decided_at_item, Some(decided_at), "tied to § 12 of the protocol");
    assert_eq!(grant.balance_by_activity()[0].total(), Money::from_kronor(260_000));

    // An agreement between members, extended and priced.
    let agreements = format!("/organ/{}/overenskommelser", body.id);
    let outsider = sara
        .submit(
            &page,
            &agreements,
            &[("title", "Hjälpmedel"), ("parties", "999999"), ("start", "2026-01-01")],
        )
        .await;
    assert_eq!(outsider.status, 422, "{}", outsider.text);
    let made = sara
        .submit(
            &page,
            &agreements,
            &[
                ("title", "Hjälpmedel"),
                ("parties", &vaxjo.id.to_string()),
                ("start", "2026-01-01"),
                ("end", "2026-12-31"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.text);
    let agreement = store.agreements(body.id).await.unwrap().remove(0);
    let extended = sara
        .submit(
            &page,
            &format!("{agreements}/{}/forlangning", agreement.id),
            &[("until", "2028-12-31")],
        )
        .await;
    assert_eq!(extended.status, 303);
    let priced = sara
        .submit(
            &page,
            &format!("{agreements}/{}/varden", agreement.id),
            &[
                ("year", "2027"),
                ("name", "Timpris"),
                ("value", "650"),
                ("unit", "kr"),
                ("decision_date", "2026-03-13"),
                ("decision_number", "12"),
            ],
        )
        .await;
    assert_eq!(priced.status, 303);
    let agreement = store.agreement(agreement.id).await.unwrap();
    assert_eq!(agreement.effective_end(), Some("2028-12-31".parse().unwrap()));
    assert_eq!(agreement.parameters[0].decided_at_item, Some(decided_at));
    let shown = sara.get(&page).await.text;
    assert!(shown.contains("Förlängd till 2028-12-31") && shown.contains("2027: Timpris 650 kr"));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn a_body_carries_its_own_logo_on_its_pages_and_documents() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    secretary_user(store, body.id).await;
    let sara = app.browser();
    sara.log_in("sara").await;
    let body_path = format!("/organ/{}", body.id);
    let token = sara.csrf(&body_path).await;
    let upload = |name: &'static str, content: Vec<u8>| {
        let (content_type, payload) = multipart(&[], (name, &content));
        let request = app
            .http
            .post(format!("{}/organ/{}/logotyp?_csrf={token}", app.address, body.id))
            .header("content-type", content_type)
            .body(payload);
        sara.send(request)
    };
    let not_an_image = upload("logo.png", b"%PDF-1.4".to_vec()).await;
    assert_eq!(not_an_image.status, 422);
    assert!(not_an_image
        .text
        .contains("Logotypen ska vara en PNG- eller JPEG-bild."));
    let too_big = upload("logo.png", [LOGO_PNG, &vec![0u8; 1024 * 1024]].concat()).await;
    assert!([413, 422].contains(&too_big.status), "{}", too_big.status);
    let pdf_url = format!("{}/moten/{}/protokoll.pdf", app.address, published.id);
    let before = app.http.get(&pdf_url).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(upload("logo.png", LOGO_PNG.to_vec()).await.status, 303);
    assert_eq!(
        store.body(body.id).await.unwrap().logo_sha256,
        Some(sha256_hex(LOGO_PNG))
    );

    let page = app.get(&body_path).await.1;
    assert!(page.contains(&format!(r#"<img class="logo" src="/organ/{}/logotyp""#, body.id)));
    let logo = app
        .http
        .get(format!("{}/organ/{}/logotyp", app.address, body.id))
        .send()
        .await
        .unwrap();
    assert_eq!(logo.headers()["content-type"], "image/png");
    let etag = logo.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(logo.bytes().await.unwrap().as_ref(), LOGO_PNG);
    let again = app
        .http
        .get(format!("{}/organ/{}/logotyp", app.address, body.id))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    // The protocol's PDF now carries the image, and is a new document (a new ETag).
    let pdf = app.http.get(&pdf_url).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    let bytes = pdf.bytes().await.unwrap();
    let image = |pdf: &[u8]| pdf.windows(14).any(|w| w == b"/Subtype/Image");
    assert!(
        image(&bytes) && !image(&before),
        "the image is in the PDF, and was not before"
    );
    let unconfirmed = sara
        .submit(&body_path, &format!("/organ/{}/logotyp/ta-bort", body.id), &[])
        .await;
    assert_eq!(unconfirmed.status, 422);
    let remove = sara
        .submit(
            &body_path,
            &format!("/organ/{}/logotyp/ta-bort", body.id),
            &[("confirm", "ja")],
        )
        .await;
    assert_eq!(remove.status, 303);
    assert_eq!(app.get(&format!("/organ/{}/logotyp", body.id)).await.0, 404);
}

#[tokio::test]
async fn a_body_can_be_followed_by_atom_and_calendar_without_a_secret_or_a_draft() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    // A coming meeting whose notice has gone out, and a draft still being written.
    let soon = chrono::Utc::now().date_naive() + chrono::Days::new(30);
    let mut coming = Meeting::plan(
        body.id,
        soon,
        chrono::NaiveTime::from_hms_opt(9, 0, 0),
        None,
        Some("Rum 1".into()),
    )
    .unwrap();
    coming
        .transition(MeetingStatus::NoticeSent, None, chrono::Utc::now())
        .unwrap();
    let coming = store.create_meeting(&coming).await.unwrap();
    store
        .add_item(&Item {
            meeting_id: coming.id,
            ..Item::new(ItemNumber::paragraph(1), "Budget & uppföljning")
        })
        .await
        .unwrap();
    let mut draft = Meeting::plan(body.id, "2026-11-20".parse().unwrap(), None, None, None).unwrap();
    draft.transition(MeetingStatus::Held, None, chrono::Utc::now()).unwrap();
    store.create_meeting(&draft).await.unwrap();

    let response = app
        .http
        .get(format!("{}/organ/{}/flode.atom", app.address, body.id))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = response.text().await.unwrap();
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains(&format!(
        "<id>{}/moten/{}#justerat</id>",
        app.state.public_url, published.id
    )));
    assert!(feed.contains("<title>Justerat protokoll TVO 2026-03-13</title>"));
    assert!(
        feed.contains("§ 12 Samordnad individuell plan &lt;SIP&gt;"),
        "escaped: {feed}"
    );
    assert!(!feed.contains("Hemlig Person"), "no confidential title");
    assert!(feed.contains(&format!("<title>Kallelse TVO {soon}</title>")) && feed.contains("Budget &amp; uppföljning"));
    assert!(!feed.contains("2026-11-20"), "a draft is not in the feed");
    assert_eq!(feed.matches("<entry>").count(), 2);

    let calendar = app.get(&format!("/organ/{}/kalender.ics", body.id)).await.1;
    assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n") && calendar.contains("METHOD:PUBLISH"));
    assert!(calendar.contains(&format!("UID:meeting-{}@samverkan", coming.id)));
    assert!(calendar.contains(&format!("DTSTART:{}T090000", soon.format("%Y%m%d"))));
    assert!(calendar.contains(&format!("URL:{}/moten/{}", app.state.public_url, coming.id)));

    // The notice board's feed has what is up today.
    let mut posted = store.meeting(published.id).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    posted.publication = Some(Publication {
        posted_on: today,
        taken_down_on: today.checked_add_days(chrono::Days::new(21)),
    });
    store.update_meeting(&posted).await.unwrap();
    let board = app.get("/anslagstavla.atom").await.1;
    assert!(
        board.contains("<title>Anslag: protokoll TVO 2026-03-13</title>"),
        "{board}"
    );
    assert!(board.contains(&format!("Anslaget {today}.")));
    assert!(app.get(&format!("/organ/{}", body.id)).await.1.contains("flode.atom"));
}

#[tokio::test]
async fn the_oparl_interface_publishes_what_the_public_may_see_a_page_at_a_time() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, published) = seed(store).await;
    let mut draft = Meeting::plan(body.id, "2026-11-20".parse().unwrap(), None, None, None).unwrap();
    draft.transition(MeetingStatus::Held, None, chrono::Utc::now()).unwrap();
    let draft = store.create_meeting(&draft).await.unwrap();
    let mut draft_item = Item::new(ItemNumber::paragraph(40), "Utkastets ärende");
    draft_item.meeting_id = draft.id;
    draft_item.notes = vec!["MARKÖR i utkastets anteckningar".into()];
    draft_item.decision = Some(Decision {
        preamble: None,
        clauses: vec![Clause {
            label: None,
            text: "att MARKÖR ännu inte beslutats".into(),
        }],
    });
    store.add_item(&draft_item).await.unwrap();
    for day in 1..=100 {
        let date = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap() + chrono::Days::new(day);
        store
            .create_meeting(&Meeting::plan(body.id, date, None, None, None).unwrap())
            .await
            .unwrap();
    }
    let get = |path: String| {
        let app = &app;
        async move {
            let response = app.http.get(format!("{}{path}", app.address)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let text = response.text().await.unwrap();
            assert!(
                !text.contains("MARKÖR") && !text.contains("Hemlig Person"),
                "{path}: {text}"
            );
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        }
    };
    let local = |url: &str| url.strip_prefix(&app.state.public_url).unwrap().to_string();
    let system = get("/oparl/v1/system".into()).await;
    assert_eq!(system["type"], "https://schema.oparl.org/1.1/System");
    assert_eq!(system["oparlVersion"], "https://schema.oparl.org/1.1/");
    let bodies = get(local(system["body"].as_str().unwrap())).await;
    let oparl_body = &bodies["data"][0];
    assert_eq!(oparl_body["shortName"], "TVO");
    assert!(oparl_body["created"].is_string() && oparl_body["modified"].is_string());
    // 102 meetings: a full first page, and the rest behind links.next.
    let first = get(local(oparl_body["meeting"].as_str().unwrap())).await;
    assert_eq!(first["data"].as_array().unwrap().len(), 100);
    let second = get(local(first["links"]["next"].as_str().unwrap())).await;
    assert_eq!(second["data"].as_array().unwrap().len(), 2);
    assert!(second["links"].get("next").is_none());
    let adjusted = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Sammanträde TVO 2026-03-13")
        .unwrap();
    assert_eq!(adjusted["start"], "2026-03-13T09:00:00+01:00");
    let items = adjusted["agendaItem"].as_array().unwrap();
    assert_eq!(items[0]["resolutionText"], "att godkänna redovisningen");
    assert_eq!(items[1]["public"], false);
    assert_eq!(items[1]["name"], samverkan_domain::CONFIDENTIAL_TITLE);
    assert!(adjusted["resultsProtocol"]["accessUrl"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/moten/{}/protokoll.pdf", published.id)));
    assert!(adjusted["created"].is_string());
    let draft_json = get(format!("/oparl/v1/meetings/{}", draft.id)).await;
    assert_eq!(draft_json["agendaItem"][0]["name"], "Utkastets ärende");
    assert!(
        draft_json["agendaItem"][0].get("resolutionText").is_none(),
        "no decision before adjustment"
    );
    assert!(draft_json.get("resultsProtocol").is_none());
    let missing = app
        .http
        .get(format!("{}/oparl/v1/meetings/999999", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        missing.text().await.unwrap().starts_with("{\"error\""),
        "errors are JSON too"
    );
    let too_deep = app
        .http
        .get(format!(
            "{}/oparl/v1/bodies/{}/meetings?page=99999999",
            app.address, body.id
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(too_deep.status(), 422);
}

#[tokio::test]
async fn oparl_keeps_a_tombstone_for_what_was_deleted_and_lists_changes_since_a_time() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    let since = (chrono::Utc::now() - chrono::Duration::minutes(5)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let planned = store
        .create_meeting(&Meeting::plan(body.id, "2026-11-20".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let doomed = store
        .create_meeting(&Meeting::plan(body.id, "2026-12-11".parse().unwrap(), None, None, None).unwrap())
        .await
        .unwrap();
    let mut add = Vec::new();
    for (meeting, number, title) in [
        (planned.id, 40, "Ärendet som blir kvar"),
        (planned.id, 41, "Ärendet som stryks"),
        (doomed.id, 42, "Det inställda mötets ärende"),
    ] {
        let mut item = Item::new(ItemNumber::paragraph(number), title);
        item.meeting_id = meeting;
        add.push(store.add_item(&item).await.unwrap());
    }
    let struck = store.item(add[1].id).await.unwrap();
    store.delete_item(struck.id, struck.version).await.unwrap();
    let doomed = store.meeting(doomed.id).await.unwrap();
    store.delete_meeting(doomed.id, doomed.version).await.unwrap();

    let get = |path: String| {
        let app = &app;
        async move {
            let response = app.http.get(format!("{}{path}", app.address)).send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                serde_json::from_str::<serde_json::Value>(&response.text().await.unwrap()).unwrap(),
            )
        }
    };
    // The addresses of what was deleted answer with a tombstone and nothing of the content.
    for (path, kind) in [
        (format!("/oparl/v1/meetings/{}", doomed.id), "Meeting"),
        (format!("/oparl/v1/agendaitems/{}", struck.id), "AgendaItem"),
        (format!("/oparl/v1/agendaitems/{}", add[2].id), "AgendaItem"),
    ] {
        let (status, tombstone) = get(path.clone()).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(tombstone["deleted"], true, "{path}");
        assert_eq!(tombstone["type"], format!("https://schema.oparl.org/1.1/{kind}"));
        assert!(tombstone["id"].as_str().unwrap().ends_with(&path[9..]), "{tombstone}");
        assert!(tombstone["created"].is_string() && tombstone["modified"].is_string());
        assert!(tombstone.get("name").is_none() && tombstone.get("agendaItem").is_none());
    }
    assert_eq!(
        get("/oparl/v1/agendaitems/999999".into()).await.0,
        404,
        "never there: not found"
    );

    // Without the filter the list is the meetings there are; with it, what changed since and
    // the tombstones of what went, its links keeping the filter.
    let meetings = format!("/oparl/v1/bodies/{}/meetings", body.id);
    let (_, all) = get(meetings.clone()).await;
    assert!(all["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m.get("deleted").is_none()));
    let (status, changed) = get(format!("{meetings}?modified_since={since}")).await;
    assert_eq!(status, 200, "{changed}");
    let data = changed["data"].as_array().unwrap();
    let gone: Vec<&serde_json::Value> = data.iter().filter(|m| m["deleted"] == true).collect();
    assert_eq!(gone.len(), 1);
    assert!(gone[0]["id"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/meetings/{}", doomed.id)));
    let kept = data
        .iter()
        .find(|m| {
            m["id"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/meetings/{}", planned.id))
        })
        .expect("the meeting that lost an item changed");
    assert_eq!(kept["agendaItem"].as_array().unwrap().len(), 1);
    assert!(changed["links"]["first"].as_str().unwrap().contains("modified_since="));
    let future = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (_, nothing) = get(format!("{meetings}?modified_since={future}")).await;
    assert!(nothing["data"].as_array().unwrap().is_empty());
    let (status, refused) = get(format!("{meetings}?modified_since=i%20g%C3%A5r")).await;
    assert_eq!(status, 422);
    assert!(refused["error"].as_str().unwrap().contains("modified_since"));
}

#[tokio::test]
async fn an_adjusted_protocol_is_signed_and_anyone_can_check_a_copy_on_the_verification_page() {
    let app = spawn_app_with(|state| AppState {
        signer: Some(std::sync::Arc::new(samverkan_sign::Signer::demo().unwrap())),
        ..state
    })
    .await;
    let (body, _) = seed(app.store.as_ref()).await;
    let mut meeting = Meeting::plan(body.id, "2026-04-10".parse().unwrap(), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    meeting.adjustment.locked_at = Some("2026-04-17T10:00:00Z".parse().unwrap());
    let mut protocol = Protocol {
        body: body.clone(),
        meeting,
        items: vec![Item::new(ItemNumber::paragraph(20), "Mötet öppnas")],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let published = app.store.create_protocol(&protocol).await.unwrap().meeting;
    let fetch = |path: String| {
        let app = &app;
        async move {
            let response = app.http.get(format!("{}{path}", app.address)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            response.bytes().await.unwrap().to_vec()
        }
    };
    let pdf = fetch(format!("/moten/{}/protokoll.pdf", published.id)).await;
    let verified = samverkan_sign::verify_pdf(&pdf).unwrap();
    assert!(verified.whole_file && verified.subject.contains("Samverkan demo"));

    let browser = app.browser();
    let page = format!("/moten/{}/verifiera", published.id);
    assert!(browser.get(&page).await.text.contains("Kontrollera en PDF-fil"));
    // The page's form carries the session's token in its address; the login form shows it too.
    let token = browser.csrf("/logga-in").await;
    let check = |name: &'static str, content: Vec<u8>| {
        let (content_type, body) = multipart(&[], (name, &content));
        let request = app
            .http
            .post(format!("{}{page}?_csrf={token}", app.address))
            .header("content-type", content_type)
            .body(body);
        browser.send(request)
    };
    let good = check("protokoll.pdf", pdf.clone()).await;
    assert_eq!(good.status, 200);
    assert!(
        good.text
            .contains("Filen är det justerade protokollet, oförändrat, undertecknat av"),
        "{}",
        good.text
    );
    let mut tampered = pdf.clone();
    tampered[pdf.len() / 3] ^= 1;
    assert!(check("protokoll.pdf", tampered)
        .await
        .text
        .contains("Filen har ändrats efter att den undertecknades."));
    let notice = fetch(format!("/moten/{}/kallelse.pdf", published.id)).await;
    assert!(check("kallelse.pdf", notice)
        .await
        .text
        .contains("Filen är inte undertecknad"));
}

#[tokio::test]
async fn an_uploaded_protocol_is_reviewed_corrected_and_stored_as_public_history() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _) = seed(store).await;
    let other = another_body(store, &body).await;
    user(store, "admin", UserRole::Administrator, None).await;
    let admin = app.browser();
    admin.log_in("admin").await;
    let page = format!("/organ/{}/import", body.id);
    let token = admin.csrf(&page).await;
    let protocol = "Protokoll fört vid sammanträde\n\nBeslutande:\nAnna Berg (S), ordförande\nOla Ek (M), ledamot\n\nVal av justerare\nOla Ek utses att justera.\n\nLokaler för korttidsboende\nNämnden beslutar att godkänna lokalplanen.\n";
    let (content_type, payload) =
        multipart_with(&[], "files", &[("gammalt.txt", protocol.as_bytes()), ("tom.txt", b"")]);
    let uploaded = admin
        .send(
            app.http
                .post(format!("{}{page}?_csrf={token}", app.address))
                .header("content-type", content_type)
                .body(payload),
        )
        .await;
    assert_eq!(uploaded.status, 200, "{}", uploaded.text);
    assert!(
        uploaded.text.contains("gammalt.txt: väntar på granskning."),
        "{}",
        uploaded.text
    );
    assert!(uploaded.text.contains("Filen tom.txt är tom."), "{}", uploaded.text);
    let pending = store.pending_imports(body.id, 10).await.unwrap();
    assert_eq!(pending.len(), 1, "the readable file waits, the empty one does not");
    let review = format!("/import/{}", pending[0].id);
    assert!(admin.get(&page).await.text.contains(&format!("href=\"{review}\"")));

    // The review shows the source line by line, and the date as unknown.
    let shown = admin.get(&review).await;
    assert_eq!(shown.status, 200);
    assert!(shown.text.contains("okänt – ange datumet"), "{}", shown.text);
    assert!(shown
        .text
        .contains(r#"<span class="t">Lokaler för korttidsboende</span>"#));
    // Without a date it cannot be stored.
    let refused = admin
        .submit(&review, &format!("{review}/spara"), &[("version", "1")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("Ange sammanträdets datum"));

    // Corrected: date, body, attendance and where the two items begin (lines 7 and 10).
    let other_id = other.id.to_string();
    let bad_date = admin
        .submit(&review, &review, &[("version", "1"), ("date", "31 februari")])
        .await;
    assert_eq!(bad_date.status, 422);
    assert!(bad_date.text.contains("role=\"alert\""), "{}", bad_date.text);
    let corrected = admin
        .submit(
            &review,
            &review,
            &[
                ("version", "1"),
                ("date", "2009-03-05"),
                ("body_id", &other_id),
                (
                    "attendance",
                    "Anna Berg (S), ordförande\nOla Ek (M), ledamot\nFrånvarande: Per Holm (C)",
                ),
                ("starts_shown", "1"),
                ("start", "7"),
                ("start", "10"),
            ],
        )
        .await;
    assert_eq!(corrected.status, 303, "{}", corrected.text);
    let shown = admin.get(&review).await.text;
    assert!(shown.contains(r#"value="2009-03-05""#), "{shown}");
    assert!(shown.contains("angivet vid granskningen"));
    assert!(
        shown.contains("§ 1 Val av justerare") && shown.contains("§ 2 Lokaler för korttidsboende"),
        "{shown}"
    );
    // A second save on the version already used is refused, not lost silently.
    let stale = admin
        .submit(&review, &review, &[("version", "1"), ("date", "2009-03-06")])
        .await;
    assert_eq!(stale.status, 409);

    let stored = admin
        .submit(&review, &format!("{review}/spara"), &[("version", "2")])
        .await;
    assert_eq!(stored.status, 303, "{}", stored.text);
    let meeting_page = stored.location.unwrap();
    let meetings = store.meetings(other.id).await.unwrap();
    assert_eq!(meetings.len(), 1, "stored under the corrected body");
    assert_eq!(meetings[0].date.to_string(), "2009-03-05");
    assert!(meetings[0].status.is_locked());
    let public = app.browser().get(&meeting_page).await;
    assert_eq!(public.status, 200);
    assert!(public.text.contains("Lokaler för korttidsboende"));
    assert!(public.text.contains("godkänna lokalplanen"));
    assert!(store.pending_imports(body.id, 10).await.unwrap().is_empty());
    // Its hash is that of what the review showed, under the body it was stored in.
    let protocol = store.protocol(meetings[0].id).await.unwrap();
    assert_eq!(
        protocol.meeting.adjustment.content_sha256,
        Some(protocol.content_sha256())
    );
}

#[tokio::test]
async fn the_follow_up_page_shows_one_year_at_a_time() {
    let app = spawn_app().await;
    let store = app.store.as_ref();
    let (body, _, _) = recommendation_to_five(store).await;
    // An older recommendation, a year before the one of 2026.
    let mut meeting = Meeting::plan(body.id, "2025-05-16".parse().unwrap(), None, None, None).unwrap();
    meeting.status = MeetingStatus::Adjusted;
    let mut item = Item::new(ItemNumber::paragraph(40), "Äldre rekommendation");
    item.recommendations = vec![Recommendation {
        text: "att införa samordnad vårdplanering".into(),
        addressees: vec![Addressee::Group {
            name: "kommunerna".into(),
        }],
    }];
    let mut protocol = Protocol {
        body: body.clone(),
        meeting,
        items: vec![item],
    };
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    store.create_protocol(&protocol).await.unwrap();
    let page = format!("/organ/{}/uppfoljning", body.id);

    let (status, latest) = app.get(&page).await;
    assert_eq!(status, 200);
    assert!(latest.contains("Rekommendationer 2026"), "the latest year by default");
    assert!(latest.contains("att anta den gemensamma riktlinjen"));
    assert!(!latest.contains("samordnad vårdplanering"), "not the year before");
    assert!(latest.contains(&format!("href=\"{page}?ar=2025\"")));
    let (_, earlier) = app.get(&format!("{page}?ar=2025")).await;
    assert!(earlier.contains("samordnad vårdplanering") && !earlier.contains("gemensamma riktlinjen"));
    let (status, bad) = app.get(&format!("{page}?ar=tjugo")).await;
    assert_eq!(status, 422);
    assert!(bad.contains("Ange året med fyra siffror"));
    // The API answers the same way.
    let (_, json) = app.get(&format!("/api/v1/bodies/{}/follow-up?ar=2025", body.id)).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["recommendations"].as_array().unwrap().len(), 1);
}
