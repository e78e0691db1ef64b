//! The progress line of `fahras index` on a terminal: bytes read of the run (with their rate and
//! the time left), records indexed per second, and how far into the current file the reader is,
//! so one large JSONL file moves the bar as much as many small ones.
//!
//! The reader thread counts bytes and the indexing thread records, both into atomics that the
//! bar's template reads when it redraws (at most 20 times a second): nothing is formatted per
//! record.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::corpus::SourceFile;

const TEMPLATE: &str =
    "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} · {records} · {file}";

const STAGE_TEMPLATE: &str = "{spinner} {msg} ({elapsed} in all)";

/// What the template's own keys (`{records}`, `{file}`) show.
#[derive(Debug)]
struct Shared {
    started: Instant,
    records: AtomicU64,
    files: u64,
    file_ordinal: AtomicU64,
    file_read: AtomicU64,
    file_size: AtomicU64,
    file_name: Mutex<String>,
}

/// The progress of one `fahras index` run; hidden unless asked for and stderr is a terminal.
pub(crate) struct Progress {
    bar: ProgressBar,
    shared: Arc<Shared>,
}

impl Progress {
    /// A progress line over `files`, drawn on stderr when `wanted` and stderr is a terminal.
    pub(crate) fn new(wanted: bool, files: &[SourceFile]) -> Self {
        let target = if wanted && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Progress::with_target(target, files)
    }

    fn with_target(target: ProgressDrawTarget, files: &[SourceFile]) -> Self {
        let shared = Arc::new(Shared {
            started: Instant::now(),
            records: AtomicU64::new(0),
            files: files.len() as u64,
            file_ordinal: AtomicU64::new(0),
            file_read: AtomicU64::new(0),
            file_size: AtomicU64::new(0),
            file_name: Mutex::new(String::new()),
        });
        let total = files.iter().map(|f| f.size).sum();
        let bar = ProgressBar::with_draw_target(Some(total), target);
        let (records, file) = (Arc::clone(&shared), Arc::clone(&shared));
        if let Ok(style) = ProgressStyle::with_template(TEMPLATE) {
            let style = style
                .with_key(
                    "records",
                    move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&records.records_text());
                    },
                )
                .with_key(
                    "file",
                    move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&file.file_text());
                    },
                );
            bar.set_style(style);
        }
        Progress { bar, shared }
    }

    /// The reader starts on `file`.
    pub(crate) fn start_file(&self, file: &SourceFile) {
        let shared = &self.shared;
        shared.file_ordinal.fetch_add(1, Ordering::Relaxed);
        shared.file_read.store(0, Ordering::Relaxed);
        shared.file_size.store(file.size, Ordering::Relaxed);
        if let Ok(mut name) = shared.file_name.lock() {
            name.clone_from(&file.rel_path);
        }
    }

    /// The reader read `bytes` more of the current file.
    pub(crate) fn read(&self, bytes: u64) {
        self.shared.file_read.fetch_add(bytes, Ordering::Relaxed);
        self.bar.inc(bytes);
    }

    /// The indexer went through one more record.
    pub(crate) fn record(&self) {
        self.shared.records.fetch_add(1, Ordering::Relaxed);
    }

    /// Every file is read: the line says what the run does next (writing the segment, measuring
    /// the spelling variants), which takes a while on a large index.
    pub(crate) fn stage(&self, what: &'static str) {
        if let Ok(style) = ProgressStyle::with_template(STAGE_TEMPLATE) {
            self.bar.set_style(style);
        }
        self.bar.set_message(what);
        if !self.bar.is_hidden() {
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(200));
        }
    }
}

/// The line is removed when the run ends, whether it succeeded or not.
impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

impl Shared {
    fn records_text(&self) -> String {
        let records = self.records.load(Ordering::Relaxed);
        let seconds = self.started.elapsed().as_secs_f64();
        records_text(records, seconds)
    }

    fn file_text(&self) -> String {
        let name = self
            .file_name
            .lock()
            .map(|name| name.clone())
            .unwrap_or_default();
        file_text(
            &name,
            self.file_ordinal.load(Ordering::Relaxed),
            self.files,
            self.file_read.load(Ordering::Relaxed),
            self.file_size.load(Ordering::Relaxed),
        )
    }
}

/// `12,345 records (2,468/s)`.
fn records_text(records: u64, seconds: f64) -> String {
    let rate = if seconds > 0.0 {
        (records as f64 / seconds).round() as u64
    } else {
        0
    };
    format!("{} records ({}/s)", grouped(records), grouped(rate))
}

/// `news.jsonl 45%`, with `3/120 ` before it when the run reads several files.
fn file_text(name: &str, ordinal: u64, files: u64, read: u64, size: u64) -> String {
    let mut out = String::new();
    if files > 1 {
        let _ = write!(out, "{ordinal}/{files} ");
    }
    let percent = (read.min(size) * 100).checked_div(size).unwrap_or(100);
    let _ = write!(out, "{name} {percent}%");
    out
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use indicatif::TermLike;

    /// A terminal that keeps the last line drawn.
    #[derive(Clone, Debug, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            200
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            if !s.trim().is_empty() {
                *self.0.lock().expect("screen") = s.to_string();
            }
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn file(rel_path: &str, size: u64) -> SourceFile {
        SourceFile {
            rel_path: rel_path.into(),
            abs_path: PathBuf::from(rel_path),
            size,
            modified_unix_nanos: 0,
        }
    }

    #[test]
    fn the_line_shows_bytes_rate_time_left_records_and_the_file() {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like(Box::new(screen.clone()));
        let files = [file("news.jsonl", 4 * 1024 * 1024)];
        let progress = Progress::with_target(target, &files);
        progress.start_file(&files[0]);
        for _ in 0..3 {
            progress.record();
        }
        progress.read(1024 * 1024);
        progress.bar.tick();
        let line = screen.0.lock().expect("screen").clone();
        assert!(line.contains("1.00 MiB/4.00 MiB"), "{line}");
        assert!(line.contains("/s ETA "), "{line}");
        assert!(line.contains("3 records ("), "{line}");
        assert!(line.ends_with("news.jsonl 25%"), "{line}");
    }

    #[test]
    fn texts() {
        assert_eq!(records_text(12_345, 5.0), "12,345 records (2,469/s)");
        assert_eq!(records_text(0, 0.0), "0 records (0/s)");
        assert_eq!(file_text("a.jsonl", 1, 1, 50, 200), "a.jsonl 25%");
        assert_eq!(file_text("b.txt", 3, 120, 9, 0), "3/120 b.txt 100%");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
    }
}
