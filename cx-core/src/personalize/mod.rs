//! Personalization: next best offer (co-occurrence, association rules, recommendations) and
//! feedback sentiment (VADER-style scores, aggregates and the themes of negative comments).

pub mod offers;
pub mod sentiment;
pub mod themes;
