//! Minutes (Niederschriften) → OParl objects.

pub mod recognize;
