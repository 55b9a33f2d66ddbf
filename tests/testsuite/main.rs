//! Integration tests: real fixture sites built into temporary folders.

mod aliases;
mod atomic;
mod broken;
mod browser;
mod build;
mod channels;
mod cli;
mod common;
mod content_audit;
mod errors;
mod extremes;
mod facts;
mod hardening;
mod languages;
mod leftovers;
mod links;
mod logo;
mod parity;
mod properties;
mod reader;
mod search;
mod serve;
mod snapshots;
mod text_and_search;
mod theme_contract;
mod transcripts;
