//! Sites: local versions of the national guidance.
//!
//! Each site (an area, a local provider) publishes the national
//! pathway with its own local detail. Rather than copy national pages and let
//! them drift, a site writes only what differs and Waymark assembles the rest:
//!
//! * [`overlay`] lays a site's pathway page over a national page, section by
//!   section, keyed by heading id: replace a section, add one after a named
//!   section, or remove one with a short local reason. It also says which of
//!   a site's overrides have gone stale because the national text moved on
//!   since the version the site was written against.
//! * [`params`] fills `{{ site.NAME }}` in page text from the site's record,
//!   so numbers such as session counts live in one place.
//! * The national rules (eligible age, which requirements may be combined,
//!   maximum order lengths) are loaded with the content
//!   ([`crate::content::rules`]); `variations` checks each site's record and
//!   text against them.
//!
//! Everything here reports problems as [`Diagnostic`](crate::diagnostics::Diagnostic)s
//! pointing into the author's files and collects all of them before giving up.

pub mod matrix;
pub mod overlay;
pub mod page_data;
pub mod pages;
pub mod params;
pub mod variations;
