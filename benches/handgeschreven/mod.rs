//! De met de hand geschreven beslissingen van Voorbeeldstad 2023 (`regels`) en hun vergelijking
//! met de interpreter (`vergelijk`): gedeeld door `cargo bench` (benches/bench.rs, de grens en
//! een miljoen willekeurige casussen) en de test `tests/handgeschreven.rs` (een kleinere set).
#![allow(dead_code)]

pub mod regels;
pub mod vergelijk;
