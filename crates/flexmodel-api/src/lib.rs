//! The FlexModel console client. Being written: see issue 12.
