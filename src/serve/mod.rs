//! `waymark serve`: preview the built site in a browser while editing.
//!
//! The command is three small parts that know nothing of each other's
//! internals, so each can be tested alone:
//!
//! - [`watch`] turns bursts of file-system events into one batch of changed
//!   source paths (debounced, editor noise removed);
//! - the caller rebuilds on each batch with the ordinary build, which swaps
//!   the output folder in atomically, and reports the outcome to
//!   [`live::LiveState`];
//! - [`http`] serves the output folder safely (hyper on a small tokio
//!   runtime), adds the live-reload script (and an error banner while the
//!   build is failing) to the HTML it serves, and tells open pages to reload
//!   through a server-sent-event stream.
//!
//! The server's parts live beside it, each small enough to read and test
//! alone: `files` (path safety, content types), `host` (which `Host` names
//! are answered, against DNS rebinding), `wire` (the response body type and
//! a socket with a write deadline) and `events` (the live-reload event
//! streams).

mod events;
mod files;
mod host;
pub mod http;
pub mod live;
pub mod watch;
mod wire;

pub use http::{ServeConfig, Server, ServerHandle, DEFAULT_PORT};
pub use live::{BuildError, LiveState};
pub use watch::{StopHandle, Watcher, DEFAULT_DEBOUNCE};

#[cfg(test)]
mod tests;
