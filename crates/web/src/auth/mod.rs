//! Who is asking: sessions in signed cookies recorded in the store, CSRF protection, login with
//! throttling, and the one policy that decides what each role may do.

mod csrf;
mod login;
mod policy;
mod session;
mod throttle;

pub use csrf::verify_csrf;
pub use login::{routes, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
pub use policy::{Action, Viewer};
pub use session::{session_layer, Session, SessionKey};
