//! The size and depth limits checked before a document is parsed.

/// Size and depth limits applied to every document before it is parsed.
///
/// The size limit is checked first, and a reader is read no further than
/// one byte past it. The other limits are checked in a first pass over the
/// input that builds nothing, so an oversized document is rejected before
/// the typed parse allocates its values. A document exactly at a limit is
/// accepted. A document past one is rejected with a problem of code
/// [`ProblemCode::LimitExceeded`](crate::ProblemCode::LimitExceeded) whose
/// message names the limit, such as `max_depth`.
///
/// # Examples
///
/// ```
/// use maturity::{Limits, Model, ProblemCode};
///
/// let limits = Limits::default().with_max_input_bytes(64);
/// let result = Model::from_json_slice_with_limits(&[b' '; 65], &limits);
/// let code = result.err().map(|error| error.problems()[0].code);
/// assert_eq!(code, Some(ProblemCode::LimitExceeded));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_input_bytes: usize,
    max_depth: usize,
    max_string_bytes: usize,
    max_list_len: usize,
}

impl Limits {
    /// Default maximum size of a document: 16 MiB.
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
    /// Default maximum nesting of arrays and objects: 16. The deepest valid
    /// document nests 4 levels.
    pub const DEFAULT_MAX_DEPTH: usize = 16;
    /// Default maximum length of one string or key: 8 KiB of UTF-8.
    pub const DEFAULT_MAX_STRING_BYTES: usize = 8 * 1024;
    /// Default maximum number of entries in one list or object: 100,000. It
    /// bounds the number of indicators, levels, ratings and prerequisites.
    pub const DEFAULT_MAX_LIST_LEN: usize = 100_000;

    /// Returns the limit on the size of a document, in bytes.
    #[must_use]
    pub fn max_input_bytes(&self) -> usize {
        self.max_input_bytes
    }

    /// Returns the limit on the nesting of arrays and objects.
    #[must_use]
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Returns the limit on the length of one string or key, in bytes.
    #[must_use]
    pub fn max_string_bytes(&self) -> usize {
        self.max_string_bytes
    }

    /// Returns the limit on the number of entries in one list or object.
    #[must_use]
    pub fn max_list_len(&self) -> usize {
        self.max_list_len
    }

    /// Sets the limit on the size of a document, in bytes.
    #[must_use]
    pub fn with_max_input_bytes(mut self, bytes: usize) -> Limits {
        self.max_input_bytes = bytes;
        self
    }

    /// Sets the limit on the nesting of arrays and objects.
    #[must_use]
    pub fn with_max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth;
        self
    }

    /// Sets the limit on the length of one string or key, in bytes.
    #[must_use]
    pub fn with_max_string_bytes(mut self, bytes: usize) -> Limits {
        self.max_string_bytes = bytes;
        self
    }

    /// Sets the limit on the number of entries in one list or object.
    #[must_use]
    pub fn with_max_list_len(mut self, len: usize) -> Limits {
        self.max_list_len = len;
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: Limits::DEFAULT_MAX_INPUT_BYTES,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_string_bytes: Limits::DEFAULT_MAX_STRING_BYTES,
            max_list_len: Limits::DEFAULT_MAX_LIST_LEN,
        }
    }
}
