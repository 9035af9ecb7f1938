//! Personalization: who the best customers are, what groups they fall into, and who else
//! looks like them.
//!
//! - [`top_customers`] and [`value_concentration`]: rank customers by any value (CLV, an RFM
//!   score, revenue), keep the top `k` or the top share of value, and measure how concentrated
//!   value is (Lorenz curve and Gini coefficient).
//! - [`personas`]: k-means on standardized features with k-means++ seeding from a seed, `k`
//!   chosen by silhouette, and a profile of each cluster in plain words.
//! - [`lookalike`]: score every other customer by similarity to a seed set, through the churn
//!   classifier (seed = positive class) or the distance to the seed set's centroid.
//!
//! - [`offers`]: next best offer — item co-occurrence, association rules (support,
//!   confidence, lift) and per-customer recommendations that skip what the customer bought.
//! - [`sentiment`] and [`themes`]: VADER-style scores of feedback text, aggregates by segment and
//!   period, and the frequent words and phrases of negative comments.
//!
//! Everything random draws from [`SplitMix64`], a seeded generator in integer arithmetic, and
//! the clustering uses only `+ − × ÷ √`, so a seed gives the same labels on every platform
//! (native and WebAssembly alike).

mod kmeans;
mod lookalike;
pub mod offers;
mod personas;
mod rng;
pub mod sentiment;
mod silhouette;
mod standardize;
pub mod themes;
mod value;

pub use kmeans::{KMeans, KMeansParams};
pub use lookalike::{Lookalike, LookalikeMethod, lookalike};
pub use personas::{DISTINGUISHING_Z, KScore, PersonaParams, PersonaProfile, Personas, personas};
pub use rng::SplitMix64;
pub use silhouette::{silhouette, silhouette_samples};
pub use standardize::Standardizer;
pub use value::{Concentration, TopCustomers, top_customers, value_concentration};
