//! Waymark: a static-site publisher for versioned protocol guidance.
//!
//! Data flows one way through the modules (see ARCHITECTURE.md):
//! `config` and `content` load the project, `tree` and `links` resolve it,
//! `markdown` and `render` turn it into HTML, `output` writes it atomically.
//! `build` sequences those steps; `cli` is the command line around them.

pub mod build;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod diff;
pub mod embeds;
pub mod forms;
pub mod glossary_page;
pub mod html;
pub mod incremental;
pub mod init;
pub mod links;
pub mod maps;
pub mod markdown;
pub mod memory;
pub mod names;
pub mod output;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod site_search;
pub mod sites;
pub mod slug;
pub mod theme;
pub mod training;
pub mod tree;
pub mod urls;
pub mod versioning;
pub mod versions;
pub mod yaml;
