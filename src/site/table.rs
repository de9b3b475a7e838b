//! The site's path lookups in compact form: every key in one buffer, side by side.
//!
//! A link is resolved through two or three lookups (a page by URL or by source path, then
//! the target's output path). Each used to read a key or a path allocated on its own,
//! somewhere among the book's texts. On the 2,000-chapter benchmark book (timed inside the
//! process, one thread) the relative path to a page took about 430 ns and a lookup by URL
//! about 350, most of it waiting for memory that the texts streaming through the caches
//! had pushed out. Kept side by side (a few tens of kilobytes for thousands of pages),
//! with each table entry holding where its key lies and its value, they took about 85 and
//! 230 ns, and resolving all 33,500 links and refs of the book 14 ms instead of 19 to 30.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// Strings side by side in one buffer, each found by its position in the list.
#[derive(Debug, Default, Clone)]
pub(crate) struct StringList {
    text: String,
    /// Where each string ends in `text`; string `i` starts where string `i - 1` ends.
    ends: Vec<usize>,
}

impl StringList {
    /// Adds `value` at the end of the list.
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    /// String `index` of the list, `None` past its end.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        Some(&self.text[start..end])
    }
}

/// A map from strings to numbers (page indexes), its keys side by side in one buffer,
/// hashed with rustc's Fx hash (the keys are the book's own paths). Each entry of the table
/// holds where its key lies and its number, so that a lookup reads the table and the
/// buffer only.
#[derive(Debug, Default, Clone)]
pub(crate) struct StringMap {
    text: String,
    table: HashTable<Entry>,
}

/// One key of a [`StringMap`]: `text[start..end]`, and its number.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    end: usize,
    value: usize,
}

impl StringMap {
    /// The number `key` maps to.
    pub fn get(&self, key: &str) -> Option<usize> {
        self.find(key).map(|entry| entry.value)
    }

    /// Whether `key` maps to a number.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// Maps `key` to `value` unless it maps to a number already, which is kept and given
    /// back (the first claim wins: `Entry::or_insert`).
    pub fn insert_first(&mut self, key: &str, value: usize) -> Result<(), usize> {
        match self.find(key) {
            Some(entry) => Err(entry.value),
            None => {
                self.add(key, value);
                Ok(())
            }
        }
    }

    /// Maps `key` to `value`, replacing what it mapped to (the last claim wins:
    /// `HashMap::insert`).
    pub fn insert(&mut self, key: &str, value: usize) {
        let text = &self.text;
        match self
            .table
            .find_mut(hash(key), |entry| &text[entry.start..entry.end] == key)
        {
            Some(entry) => entry.value = value,
            None => self.add(key, value),
        }
    }

    fn add(&mut self, key: &str, value: usize) {
        let start = self.text.len();
        self.text.push_str(key);
        let entry = Entry {
            start,
            end: self.text.len(),
            value,
        };
        let text = &self.text;
        self.table.insert_unique(hash(key), entry, |entry| {
            hash(&text[entry.start..entry.end])
        });
    }

    fn find(&self, key: &str) -> Option<&Entry> {
        self.table
            .find(hash(key), |entry| &self.text[entry.start..entry.end] == key)
    }
}

fn hash(key: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_list_gives_back_each_string() {
        let mut list = StringList::default();
        for value in ["a/b.md", "", "é/ü.md", "x"] {
            list.push(value);
        }
        assert_eq!(list.get(0), Some("a/b.md"));
        assert_eq!(list.get(1), Some(""));
        assert_eq!(list.get(2), Some("é/ü.md"));
        assert_eq!(list.get(3), Some("x"));
        assert_eq!(list.get(4), None);
    }

    proptest::proptest! {
        /// The map answers as `HashMap` does, for both ways of inserting.
        #[test]
        fn the_map_answers_as_a_hash_map_does(
            claims in proptest::collection::vec(("[a-c/]{0,4}", 0usize..50, proptest::bool::ANY), 0..60),
            asked in proptest::collection::vec("[a-c/]{0,4}", 0..20),
        ) {
            let mut map = StringMap::default();
            let mut expected: HashMap<String, usize> = HashMap::new();
            for (key, value, first) in &claims {
                if *first {
                    let kept = expected.get(key).copied();
                    proptest::prop_assert_eq!(map.insert_first(key, *value), kept.map_or(Ok(()), Err));
                    expected.entry(key.clone()).or_insert(*value);
                } else {
                    map.insert(key, *value);
                    expected.insert(key.clone(), *value);
                }
            }
            for key in claims.iter().map(|(key, _, _)| key).chain(&asked) {
                proptest::prop_assert_eq!(map.get(key), expected.get(key).copied());
                proptest::prop_assert_eq!(map.contains_key(key), expected.contains_key(key));
            }
        }
    }
}
