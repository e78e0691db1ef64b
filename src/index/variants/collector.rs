//! The variants' corpus gathered from the terms a full build indexes, on a thread of its own,
//! instead of reading and analyzing the stored passages again once the index is written.

use std::sync::mpsc::{self, sync_channel, Receiver, SyncSender};
use std::thread;

use super::corpus::CorpusBuilder;
use super::{table, VariantTable};

/// One article's `ar_exact` terms in the [`crate::analysis::pre_analyzed`] encoding: its headline
/// and its passages, in the order they are added to the index.
#[derive(Debug, Default)]
pub(crate) struct ArticleTerms {
    pub(crate) title: String,
    pub(crate) passages: Vec<String>,
}

/// Measures the variants of the articles sent to it; the table is computed as soon as the
/// last sender is dropped, while the caller goes on (committing the index).
pub(crate) struct Collector {
    /// Dropped by [`Collector::close`]: the table is computed once no sender is left.
    sender: Option<SyncSender<ArticleTerms>>,
    table: Receiver<VariantTable>,
}

impl Collector {
    pub(crate) fn spawn() -> Collector {
        // A few hundred articles in flight: enough to keep both sides busy, little memory.
        let (sender, receiver) = sync_channel(256);
        let (table_sender, table) = mpsc::channel();
        thread::spawn(move || collect(receiver, table_sender));
        Collector {
            sender: Some(sender),
            table,
        }
    }

    /// Where the indexed articles go (nowhere once closed).
    pub(crate) fn sender(&self) -> Option<SyncSender<ArticleTerms>> {
        self.sender.clone()
    }

    /// Says the last article was sent: the table is computed from then on, while the caller
    /// goes on (committing and merging the index), once every sender handed out is dropped.
    pub(crate) fn close(&mut self) {
        self.sender = None;
    }

    /// Waits for the table; every sender handed out must have been dropped.
    pub(crate) fn finish(mut self) -> std::io::Result<VariantTable> {
        self.close();
        self.table
            .recv()
            .map_err(|_| std::io::Error::other("the spelling-variants thread panicked"))
    }
}

/// Sends the table as soon as it is computed: freeing the corpus, which on a large index takes
/// a while, is left to the thread (and to the process's end).
fn collect(receiver: Receiver<ArticleTerms>, table_sender: mpsc::Sender<VariantTable>) {
    let mut builder = CorpusBuilder::default();
    for article in receiver {
        builder.article();
        for encoded in std::iter::once(&article.title).chain(&article.passages) {
            builder.encoded_passage(encoded);
        }
    }
    let corpus = builder.finish();
    let _ = table_sender.send(table(&corpus));
}

#[cfg(test)]
mod tests {
    use crate::index::variants::{compute, VariantTable};
    use crate::index::{self, DATA_DIR};
    use crate::search::testutil::build_sample;

    #[test]
    fn a_full_build_s_table_is_the_one_its_stored_passages_give() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index_dir = build_sample(dir.path());
        let written = VariantTable::read(&index_dir.join(DATA_DIR));
        assert!(!written.variants.is_empty());
        let opened = index::open(&index_dir).expect("open");
        let read = compute(&opened.index, &opened.fields).expect("compute");
        assert_eq!(written, read);
    }
}
