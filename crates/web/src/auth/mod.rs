//! Who is asking: sessions in signed cookies, CSRF protection, login, and the one policy that
//! decides what each role may do.

mod csrf;
mod login;
mod policy;
mod session;

pub use csrf::verify_csrf;
pub use login::routes;
pub use policy::{Action, Viewer};
pub use session::{session_layer, Session, SessionKey};
