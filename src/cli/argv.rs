//! The command line as clap should read it: options first, then the query words after `--`.
//!
//! A query word may start with `-` (`fahras search الحوثيين -صالح` excludes صالح), which clap
//! reads as an unknown option. clap's `allow_hyphen_values` on the query would fix that but
//! makes every option after the first query word a query word too (`عين --limit 3` would search
//! «--limit» and «3»). So before clap parses, every word that is not one of the subcommand's
//! own options (looked up in its clap definition, with the value it takes) moves after a `--`,
//! in the order typed. Real options keep their place and clap still checks them: an unknown
//! `--long` option stays an option and is refused; `-Saleh` is a word unless every letter is a
//! short flag of the command.

use std::ffi::OsString;

use clap::{Arg, Command, CommandFactory};

use crate::cli::Cli;

/// Parses the process's command line (exits with clap's message and status on bad usage).
pub fn parse() -> Cli {
    use clap::Parser;
    Cli::parse_from(order(std::env::args_os().collect()))
}

/// `args` (program name first) with the subcommand's words moved after a `--`.
fn order(args: Vec<OsString>) -> Vec<OsString> {
    let mut command = Cli::command();
    command.build();
    let mut args = args.into_iter();
    let mut out: Vec<OsString> = args.by_ref().take(2).collect();
    let subcommand = out
        .get(1)
        .and_then(|name| name.to_str())
        .and_then(|name| command.find_subcommand(name))
        // Only commands that take words (search, analyze); `help` reads command names.
        .filter(|sub| sub.get_name() != "help" && sub.get_positionals().next().is_some());
    let Some(subcommand) = subcommand else {
        out.extend(args);
        return out;
    };
    let mut words = Vec::new();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            words.push(arg);
            continue;
        };
        if text == "--" {
            words.extend(args.by_ref());
            break;
        }
        match option(subcommand, text) {
            Some(takes_value) => {
                out.push(arg);
                if takes_value {
                    out.extend(args.next());
                }
            }
            None => words.push(arg),
        }
    }
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// Whether `text` is an option of `command`, and if so whether the next word is its value.
fn option(command: &Command, text: &str) -> Option<bool> {
    if let Some(long) = text.strip_prefix("--") {
        let (name, inline_value) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let known = command.get_arguments().find(|a| a.get_long() == Some(name));
        // An unknown `--name` stays an option, for clap to refuse with its suggestions.
        return Some(!inline_value && known.is_some_and(takes_value));
    }
    let shorts = text.strip_prefix('-')?;
    let mut chars = shorts.chars();
    let first = short(command, chars.next()?)?;
    if takes_value(first) {
        return Some(chars.as_str().is_empty());
    }
    // Stacked flags (`-hV`) only when every letter is one; otherwise a word (`-Saleh`).
    chars
        .all(|c| short(command, c).is_some_and(|a| !takes_value(a)))
        .then_some(false)
}

fn short(command: &Command, c: char) -> Option<&Arg> {
    command.get_arguments().find(|a| a.get_short() == Some(c))
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

#[cfg(test)]
mod tests {
    use super::order;

    fn ordered(args: &[&str]) -> Vec<String> {
        let args = args.iter().map(Into::into).collect();
        order(args)
            .into_iter()
            .map(|a| a.into_string().expect("UTF-8"))
            .collect()
    }

    #[test]
    fn hyphen_words_go_after_the_options() {
        assert_eq!(
            ordered(&[
                "fahras",
                "search",
                "الحوثيين",
                "-صالح",
                "--limit",
                "3",
                "-Saleh"
            ]),
            [
                "fahras",
                "search",
                "--limit",
                "3",
                "--",
                "الحوثيين",
                "-صالح",
                "-Saleh"
            ]
        );
        assert_eq!(
            ordered(&[
                "fahras",
                "search",
                "--format=json",
                "عين",
                "--explain",
                "-h"
            ]),
            [
                "fahras",
                "search",
                "--format=json",
                "--explain",
                "-h",
                "--",
                "عين"
            ]
        );
        // After the user's own `--`, everything is a word.
        assert_eq!(
            ordered(&["fahras", "search", "--", "--limit"]),
            ["fahras", "search", "--", "--limit"]
        );
        // Unknown options stay options (clap refuses them); no subcommand, nothing moves.
        assert_eq!(
            ordered(&["fahras", "index", "--bogus"]),
            ["fahras", "index", "--bogus"]
        );
        assert_eq!(ordered(&["fahras", "-صالح"]), ["fahras", "-صالح"]);
        assert_eq!(
            ordered(&["fahras", "help", "search"]),
            ["fahras", "help", "search"]
        );
    }
}
