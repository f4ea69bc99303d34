//! The digest's items and who is told what (pure).
