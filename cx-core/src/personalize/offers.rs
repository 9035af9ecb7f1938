//! Next best offer: item-to-item co-occurrence, single-item association rules and
//! per-customer recommendations from purchase baskets.
//!
//! A basket is the set of distinct products one customer bought (over all their
//! transactions). With `N` baskets, `n(A)` baskets holding A and `n(A,B)` holding both
//! (Agrawal, Imieliński & Swami 1993; Brin, Motwani, Ullman & Tsur 1997 for lift):
//! support(A→B) = n(A,B)/N, confidence = n(A,B)/n(A), lift = n(A,B)·N / (n(A)·n(B)), so lift is
//! symmetric bit for bit. Every count is an integer, so results are the same on every platform.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::Transaction;
use crate::error::{CxError, Result, check_len_at_least, check_same_len};

/// Purchase baskets: the distinct products of each customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Baskets {
    /// Product names in byte order; baskets refer to them by index.
    products: Vec<String>,
    /// Customer ids in byte order, with their sorted product indices.
    by_customer: BTreeMap<String, Vec<usize>>,
    /// Baskets holding each product.
    counts: Vec<usize>,
}

impl Baskets {
    /// Baskets from aligned columns of customer ids and product names.
    pub fn from_columns<C: AsRef<str>, P: AsRef<str>>(
        customers: &[C],
        products: &[P],
    ) -> Result<Self> {
        check_len_at_least("customers", customers.len(), 1)?;
        check_same_len("customers", customers.len(), "products", products.len())?;
        for (field, col) in [
            (
                "customers",
                customers.iter().map(AsRef::as_ref).collect::<Vec<_>>(),
            ),
            ("products", products.iter().map(AsRef::as_ref).collect()),
        ] {
            if let Some(i) = col.iter().position(|s| s.trim().is_empty()) {
                return Err(CxError::invalid_at(field, i, "\"\"", "empty name"));
            }
        }
        let names: BTreeSet<&str> = products.iter().map(AsRef::as_ref).collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let mut sets: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (c, p) in customers.iter().zip(products) {
            sets.entry(c.as_ref().to_owned())
                .or_default()
                .insert(index[p.as_ref()]);
        }
        let mut counts = vec![0; names.len()];
        let by_customer = sets
            .into_iter()
            .map(|(c, s)| {
                for &p in &s {
                    counts[p] += 1;
                }
                (c, s.into_iter().collect())
            })
            .collect();
        Ok(Self {
            products: names.into_iter().map(str::to_owned).collect(),
            by_customer,
            counts,
        })
    }

    /// Baskets from transactions; each needs its `product`.
    pub fn from_transactions(transactions: &[Transaction]) -> Result<Self> {
        check_len_at_least("transactions", transactions.len(), 1)?;
        let mut products = Vec::with_capacity(transactions.len());
        for (i, t) in transactions.iter().enumerate() {
            match &t.product {
                Some(p) => products.push(p.as_str()),
                None => {
                    return Err(CxError::invalid_at(
                        "product",
                        i,
                        "None",
                        "transaction has no product (set it with Transaction::with_product)",
                    ));
                }
            }
        }
        let customers: Vec<&str> = transactions.iter().map(|t| t.customer.as_str()).collect();
        Self::from_columns(&customers, &products)
    }

    /// Number of baskets (customers).
    pub fn len(&self) -> usize {
        self.by_customer.len()
    }

    /// Whether there is no basket (never true for a constructed value).
    pub fn is_empty(&self) -> bool {
        self.by_customer.is_empty()
    }

    /// Distinct products in byte order.
    pub fn products(&self) -> &[String] {
        &self.products
    }

    /// The products a customer bought (empty for an unknown customer).
    pub fn basket(&self, customer: &str) -> Vec<&str> {
        self.by_customer.get(customer).map_or_else(Vec::new, |b| {
            b.iter().map(|&p| self.products[p].as_str()).collect()
        })
    }

    /// Baskets holding both products, for every pair that occurs (`i < j` in product order).
    fn pair_counts(&self) -> BTreeMap<(usize, usize), usize> {
        let mut pairs = BTreeMap::new();
        for b in self.by_customer.values() {
            for (k, &i) in b.iter().enumerate() {
                for &j in &b[k + 1..] {
                    *pairs.entry((i, j)).or_insert(0) += 1;
                }
            }
        }
        pairs
    }

    fn support(&self, p: usize) -> f64 {
        self.counts[p] as f64 / self.len() as f64
    }
}

/// Two products bought by the same customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoOccurrence {
    /// First product (the smaller name).
    pub product_a: String,
    /// Second product.
    pub product_b: String,
    /// Baskets holding both.
    pub count: usize,
    /// `count` ÷ the number of baskets.
    pub support: f64,
}

/// Every pair of products bought by at least one common customer, by `count` (descending),
/// ties by `product_a` then `product_b`.
pub fn co_occurrence(baskets: &Baskets) -> Vec<CoOccurrence> {
    let mut out: Vec<CoOccurrence> = baskets
        .pair_counts()
        .into_iter()
        .map(|((i, j), n)| CoOccurrence {
            product_a: baskets.products[i].clone(),
            product_b: baskets.products[j].clone(),
            count: n,
            support: n as f64 / baskets.len() as f64,
        })
        .collect();
    // The map is already in (a, b) order and the sort is stable.
    out.sort_by_key(|x| std::cmp::Reverse(x.count));
    out
}

/// Thresholds of [`association_rules`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleOptions {
    /// Smallest support of a rule, in (0, 1] (default 0.01).
    pub min_support: f64,
    /// Smallest confidence of a rule, in [0, 1] (default 0.1).
    pub min_confidence: f64,
}

impl Default for RuleOptions {
    fn default() -> Self {
        Self {
            min_support: 0.01,
            min_confidence: 0.1,
        }
    }
}

impl RuleOptions {
    fn check(&self) -> Result<()> {
        let s = self.min_support;
        if !(s.is_finite() && s > 0.0 && s <= 1.0) {
            return Err(CxError::InvalidInput {
                field: "min_support".into(),
                index: None,
                value: Some(s.to_string()),
                reason: "must be in (0, 1], a share of baskets".into(),
            });
        }
        let c = self.min_confidence;
        if !(c.is_finite() && (0.0..=1.0).contains(&c)) {
            return Err(CxError::InvalidInput {
                field: "min_confidence".into(),
                index: None,
                value: Some(c.to_string()),
                reason: "must be in [0, 1]".into(),
            });
        }
        Ok(())
    }
}

/// A rule "customers who bought `antecedent` also bought `consequent`".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationRule {
    /// The product bought.
    pub antecedent: String,
    /// The product it predicts.
    pub consequent: String,
    /// Baskets holding both.
    pub count: usize,
    /// `count` ÷ baskets.
    pub support: f64,
    /// `count` ÷ baskets holding the antecedent: P(consequent | antecedent).
    pub confidence: f64,
    /// Confidence ÷ the consequent's support; above 1 means bought together more than chance.
    pub lift: f64,
    /// Share of baskets holding the antecedent.
    pub antecedent_support: f64,
    /// Share of baskets holding the consequent.
    pub consequent_support: f64,
}

/// Single-item association rules with support ≥ `min_support` and confidence ≥
/// `min_confidence`, ordered by lift, then confidence, then support (all descending), then
/// antecedent and consequent names (byte order).
///
/// ```
/// use cx_core::personalize::offers::{association_rules, Baskets, RuleOptions};
/// let b = Baskets::from_columns(&["a", "a", "b", "b", "c"], &["tea", "cake", "tea", "cake", "tea"])?;
/// let rules = association_rules(&b, RuleOptions::default())?;
/// // cake → tea: both in 2 of 3 baskets, cake in 2: confidence 1, lift 1 / (3/3) = 1.
/// assert_eq!(rules[0].antecedent, "cake");
/// assert_eq!(rules[0].confidence, 1.0);
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn association_rules(baskets: &Baskets, o: RuleOptions) -> Result<Vec<AssociationRule>> {
    o.check()?;
    let n = baskets.len() as f64;
    let mut rules = Vec::new();
    for ((i, j), both) in baskets.pair_counts() {
        let support = both as f64 / n;
        if support < o.min_support {
            continue;
        }
        let lift = (both as f64 * n) / (baskets.counts[i] as f64 * baskets.counts[j] as f64);
        for (a, c) in [(i, j), (j, i)] {
            let confidence = both as f64 / baskets.counts[a] as f64;
            if confidence >= o.min_confidence {
                rules.push(AssociationRule {
                    antecedent: baskets.products[a].clone(),
                    consequent: baskets.products[c].clone(),
                    count: both,
                    support,
                    confidence,
                    lift,
                    antecedent_support: baskets.support(a),
                    consequent_support: baskets.support(c),
                });
            }
        }
    }
    rules.sort_by(|x, y| {
        y.lift
            .total_cmp(&x.lift)
            .then(y.confidence.total_cmp(&x.confidence))
            .then(y.support.total_cmp(&x.support))
            .then_with(|| x.antecedent.cmp(&y.antecedent))
            .then_with(|| x.consequent.cmp(&y.consequent))
    });
    Ok(rules)
}

/// Where a recommendation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferSource {
    /// An association rule from a product the customer bought.
    Rule,
    /// Popularity (no rule applies).
    Popular,
}

/// One recommended product for one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The customer.
    pub customer: String,
    /// 1 for the best offer.
    pub rank: usize,
    /// The product offered (never one the customer bought).
    pub product: String,
    /// Confidence of the best rule for a rule offer; the product's support for a popular one.
    pub score: f64,
    /// Lift of that rule (`None` for a popular offer).
    pub lift: Option<f64>,
    /// The bought product the rule starts from (`None` for a popular offer).
    pub because: Option<String>,
    /// Rule or popularity.
    pub source: OfferSource,
}

/// Up to `k` offers per customer in `customers`, excluding everything the customer bought.
///
/// Each candidate product scores the confidence of its best rule `A → product` with `A` in
/// the customer's basket (ties: higher lift, then antecedent name); rule offers rank by score,
/// then lift (descending), then product name. When fewer than `k` rules apply, the most popular
/// products the customer lacks follow (by support, descending, then name). A customer absent
/// from the baskets gets popular products only. Fails when `k` is 0.
///
/// ```
/// use cx_core::personalize::offers::{recommend, Baskets, RuleOptions};
/// let b = Baskets::from_columns(&["a", "a", "b", "b", "c"], &["tea", "cake", "tea", "cake", "tea"])?;
/// let r = recommend(&b, &["c"], 2, RuleOptions::default())?;
/// assert_eq!(r[0].product, "cake"); // tea → cake, confidence 2/3
/// assert_eq!(r.len(), 1); // c has tea; cake is the only other product
/// # Ok::<(), cx_core::CxError>(())
/// ```
pub fn recommend<S: AsRef<str>>(
    baskets: &Baskets,
    customers: &[S],
    k: usize,
    o: RuleOptions,
) -> Result<Vec<Recommendation>> {
    if k == 0 {
        return Err(CxError::InvalidInput {
            field: "k".into(),
            index: None,
            value: Some("0".into()),
            reason: "must be at least 1 (offers per customer)".into(),
        });
    }
    check_len_at_least("customer_ids", customers.len(), 1)?;
    let rules = association_rules(baskets, o)?;
    let index: HashMap<&str, usize> = baskets
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut by_antecedent: HashMap<usize, Vec<&AssociationRule>> = HashMap::new();
    for r in &rules {
        by_antecedent
            .entry(index[r.antecedent.as_str()])
            .or_default()
            .push(r);
    }
    let mut popular: Vec<usize> = (0..baskets.products.len()).collect();
    popular.sort_by(|&a, &b| baskets.counts[b].cmp(&baskets.counts[a]).then(a.cmp(&b)));

    let mut out = Vec::new();
    for c in customers {
        let c = c.as_ref();
        let owned: &[usize] = baskets.by_customer.get(c).map_or(&[], Vec::as_slice);
        // Best rule per candidate consequent.
        let mut best: BTreeMap<usize, &AssociationRule> = BTreeMap::new();
        for a in owned {
            for r in by_antecedent.get(a).into_iter().flatten() {
                let j = index[r.consequent.as_str()];
                if owned.binary_search(&j).is_ok() {
                    continue;
                }
                let better = best.get(&j).is_none_or(|b| {
                    r.confidence
                        .total_cmp(&b.confidence)
                        .then(r.lift.total_cmp(&b.lift))
                        .then_with(|| b.antecedent.cmp(&r.antecedent))
                        .is_gt()
                });
                if better {
                    best.insert(j, r);
                }
            }
        }
        let mut ranked: Vec<(usize, &AssociationRule)> = best.into_iter().collect();
        ranked.sort_by(|(a, x), (b, y)| {
            y.confidence
                .total_cmp(&x.confidence)
                .then(y.lift.total_cmp(&x.lift))
                .then(a.cmp(b))
        });
        let mut offers: Vec<Recommendation> = ranked
            .iter()
            .take(k)
            .map(|(j, r)| Recommendation {
                customer: c.to_owned(),
                rank: 0,
                product: baskets.products[*j].clone(),
                score: r.confidence,
                lift: Some(r.lift),
                because: Some(r.antecedent.clone()),
                source: OfferSource::Rule,
            })
            .collect();
        for &j in &popular {
            if offers.len() >= k {
                break;
            }
            if owned.binary_search(&j).is_ok() || ranked.iter().any(|(r, _)| *r == j) {
                continue;
            }
            offers.push(Recommendation {
                customer: c.to_owned(),
                rank: 0,
                product: baskets.products[j].clone(),
                score: baskets.support(j),
                lift: None,
                because: None,
                source: OfferSource::Popular,
            });
        }
        for (i, r) in offers.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        out.extend(offers);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shop() -> Baskets {
        // Baskets: 1 {bread, milk}, 2 {bread, butter, milk}, 3 {beer, bread}, 4 {milk}.
        let c = ["1", "1", "2", "2", "2", "3", "3", "4", "2"];
        let p = [
            "bread", "milk", "bread", "butter", "milk", "beer", "bread", "milk", "milk",
        ];
        Baskets::from_columns(&c, &p).unwrap()
    }

    #[test]
    fn rules_by_hand() {
        let b = shop();
        assert_eq!(b.len(), 4);
        let rules = association_rules(&b, RuleOptions::default()).unwrap();
        let r = rules
            .iter()
            .find(|r| r.antecedent == "bread" && r.consequent == "milk")
            .unwrap();
        // n(bread, milk) = 2 of 4; n(bread) = 3, n(milk) = 3: conf 2/3, lift 2·4/(3·3) = 8/9.
        assert_eq!(r.count, 2);
        assert_eq!(r.support, 0.5);
        assert_eq!(r.confidence, 2.0 / 3.0);
        assert_eq!(r.lift, 8.0 / 9.0);
        // butter → milk and butter → bread: conf 1, lift 4/3, first by lift then name.
        assert_eq!(rules[0].antecedent, "beer");
        let co = co_occurrence(&b);
        assert_eq!((co[0].product_a.as_str(), co[0].count), ("bread", 2));
    }

    #[test]
    fn recommendations_exclude_bought_and_fall_back() {
        let b = shop();
        let r = recommend(&b, &["4", "nobody"], 3, RuleOptions::default()).unwrap();
        let four: Vec<_> = r.iter().filter(|x| x.customer == "4").collect();
        assert!(four.iter().all(|x| x.product != "milk"));
        assert_eq!(four[0].product, "bread"); // milk → bread 2/3 beats milk → butter 1/3
        assert_eq!(four[0].source, OfferSource::Rule);
        let nobody: Vec<_> = r.iter().filter(|x| x.customer == "nobody").collect();
        assert_eq!(nobody[0].source, OfferSource::Popular);
        assert_eq!(nobody[0].product, "bread"); // 3 baskets, ties with milk broken by name
        assert_eq!(nobody[1].product, "milk");
    }

    #[test]
    fn errors_name_fields() {
        let b = shop();
        for (s, c, field) in [
            (0.0, 0.1, "min_support"),
            (1.5, 0.1, "min_support"),
            (0.1, -1.0, "min_confidence"),
        ] {
            let o = RuleOptions {
                min_support: s,
                min_confidence: c,
            };
            assert_eq!(association_rules(&b, o).unwrap_err().field(), Some(field));
        }
        assert_eq!(
            recommend(&b, &["1"], 0, RuleOptions::default())
                .unwrap_err()
                .field(),
            Some("k")
        );
        let e = Baskets::from_columns(&["1"], &["a", "b"]).unwrap_err();
        assert_eq!(e.field(), Some("products"));
        let e = Baskets::from_columns::<&str, &str>(&[], &[]).unwrap_err();
        assert_eq!(e.field(), Some("customers"));
        let t = crate::domain::parse_timestamp("2024-05-01").unwrap();
        let tx = [Transaction::new("1", t, 2.0).unwrap()];
        assert_eq!(
            Baskets::from_transactions(&tx).unwrap_err().field(),
            Some("product")
        );
        let tx = [Transaction::new("1", t, 2.0).unwrap().with_product("tea")];
        assert_eq!(
            Baskets::from_transactions(&tx).unwrap().basket("1"),
            ["tea"]
        );
    }

    fn arb_baskets() -> impl Strategy<Value = Baskets> {
        proptest::collection::vec((0u8..8, 0u8..6), 1..60).prop_map(|rows| {
            let c: Vec<String> = rows.iter().map(|(c, _)| format!("c{c}")).collect();
            let p: Vec<String> = rows.iter().map(|(_, p)| format!("p{p}")).collect();
            Baskets::from_columns(&c, &p).unwrap()
        })
    }

    proptest! {
        #[test]
        fn lift_is_symmetric(b in arb_baskets()) {
            let o = RuleOptions { min_support: 1e-9, min_confidence: 0.0 };
            let rules = association_rules(&b, o).unwrap();
            for r in &rules {
                let back = rules.iter()
                    .find(|x| x.antecedent == r.consequent && x.consequent == r.antecedent)
                    .unwrap();
                prop_assert_eq!(back.lift, r.lift);
                prop_assert_eq!(back.support, r.support);
            }
        }

        #[test]
        fn offers_never_include_purchases(b in arb_baskets(), k in 1usize..5, s in 0.01f64..0.6) {
            let customers: Vec<String> = (0..9).map(|c| format!("c{c}")).collect();
            let o = RuleOptions { min_support: s, min_confidence: 0.0 };
            for r in recommend(&b, &customers, k, o).unwrap() {
                prop_assert!(!b.basket(&r.customer).contains(&r.product.as_str()));
                prop_assert!(r.rank >= 1 && r.rank <= k);
            }
        }
    }
}
