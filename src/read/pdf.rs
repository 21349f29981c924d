//! PDF reader (to be written).
