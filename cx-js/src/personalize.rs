//! Personalization for JS: `topCustomers`, `valueConcentration`, `silhouette`, `personas`
//! and `lookalike`, over `cx_core::personalize`.

use cx_core::CxError;
use cx_core::personalize::{
    LookalikeMethod, PersonaParams, lookalike as core_lookalike, personas as core_personas,
    silhouette_samples, top_customers as core_top, value_concentration as core_concentration,
};

use crate::args::{Options, Result, Table, invalid, label, numbers, rename, strings};
use crate::retention::matrix;
use crate::val::{Val, to_val};
use crate::{arg, arg_opt};

/// Core field names spelled the JS way.
fn js_names(e: CxError) -> CxError {
    [
        ("seed_ids", "seedIds"),
        ("k_range", "kRange"),
        ("n_init", "nInit"),
        ("max_iterations", "maxIterations"),
    ]
    .iter()
    .fold(e, |e, (core, js)| rename(e, core, js))
}

/// A whole-number option that fits `usize`.
fn size(o: &Options<'_>, key: &str) -> Result<Option<usize>> {
    Ok(o.whole(key)?
        .map(|v| usize::try_from(v).unwrap_or(usize::MAX)))
}

/// `topCustomers(values, {k, share, ids})`: the best customers by value, with their shares.
pub fn top_customers(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 1), &["k", "share", "ids"])?;
    let values = numbers("values", arg(args, 0))?;
    let ids = o.get("ids").map(|v| ids("ids", v)).transpose()?;
    if let Some(ids) = &ids
        && ids.len() != values.len()
    {
        return Err(CxError::LengthMismatch {
            left: "values".into(),
            left_len: values.len(),
            right: "ids".into(),
            right_len: ids.len(),
        });
    }
    let t = core_top(&values, size(&o, "k")?, o.number("share")?)?;
    let mut out = to_val(&t)?;
    if let (Some(ids), Val::Obj(pairs)) = (ids, &mut out) {
        let ranked = t.rows.iter().map(|&r| Val::Str(ids[r].clone())).collect();
        pairs.insert(0, ("ids".into(), Val::Arr(ranked)));
    }
    Ok(out)
}

/// Ids as text: strings, or numbers written as JS writes them.
fn ids(field: &str, v: &Val) -> Result<Vec<String>> {
    match v {
        Val::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| label(field, Some(i), x))
            .collect(),
        Val::Nums(_) => strings(field, v),
        other => Err(invalid(field, None, other, "expected an array of ids")),
    }
}

/// `valueConcentration(values)`: Gini coefficient and Lorenz curve points.
pub fn value_concentration(args: &[Val]) -> Result<Val> {
    let values = numbers("values", arg(args, 0))?;
    to_val(&core_concentration(&values)?)
}

/// `silhouette(x, labels, {nFeatures})`: mean silhouette width and the width of each row.
pub fn silhouette(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["nFeatures"])?;
    let (x, p) = matrix("x", arg(args, 0), o.whole("nFeatures")?)?;
    let labels = numbers("labels", arg(args, 1))?
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            if l >= 0.0 && l.fract() == 0.0 && l <= f64::from(u32::MAX) {
                Ok(l as usize)
            } else {
                Err(invalid(
                    "labels",
                    Some(i),
                    &Val::Num(l),
                    "expected whole numbers from 0",
                ))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    let s = silhouette_samples(&x, p, &labels)?;
    // The mean is `cx_core::personalize::silhouette`'s, without a second O(n²) pass.
    let mean = s.iter().sum::<f64>() / s.len() as f64;
    Ok(Val::obj([
        ("silhouette", Val::Num(mean)),
        ("samples", Val::Arr(s.into_iter().map(Val::Num).collect())),
    ]))
}

/// The feature columns of a table: the `columns` option, else every column (keys of the
/// first row object) but the id column.
fn feature_columns(o: &Options<'_>, features: &Val, id: &str) -> Result<Vec<String>> {
    if let Some(cols) = o.strings("columns")? {
        return Ok(cols);
    }
    let keys: Vec<String> = match features {
        Val::Obj(cols) => cols.iter().map(|(k, _)| k.clone()).collect(),
        Val::Arr(rows) => match rows.first() {
            Some(Val::Obj(pairs)) => pairs.iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Ok(keys.into_iter().filter(|k| k != id).collect())
}

/// Reads the feature table: `(row-major matrix, column names)`.
fn feature_matrix(o: &Options<'_>, features: &Val, id: &str) -> Result<(Vec<f64>, Vec<String>)> {
    let t = Table::read("features", features)?;
    let names = feature_columns(o, features, id)?;
    if names.is_empty() {
        return Err(invalid(
            "features",
            None,
            features,
            "no feature columns (give the columns option or numeric columns)",
        ));
    }
    let cols = names
        .iter()
        .map(|n| t.numbers(n))
        .collect::<Result<Vec<_>>>()?;
    let n = t.len();
    let mut x = Vec::with_capacity(n * names.len());
    for i in 0..n {
        x.extend(cols.iter().map(|c| c[i]));
    }
    Ok((x, names))
}

/// `personas(features, {columns, id, k, kRange, seed, nInit, maxIterations,
/// silhouetteSample})`: k-means personas with a profile per cluster.
pub fn personas(args: &[Val]) -> Result<Val> {
    let o = Options::read(
        arg(args, 1),
        &[
            "columns",
            "id",
            "k",
            "kRange",
            "seed",
            "nInit",
            "maxIterations",
            "silhouetteSample",
        ],
    )?;
    let id = o.string("id")?.unwrap_or("customerId");
    let (x, names) = feature_matrix(&o, arg(args, 0), id)?;
    let d = PersonaParams::default();
    let k_range = match o.get("kRange") {
        None => d.k_range,
        Some(v) => {
            let r = numbers("kRange", v)?;
            let whole = |x: f64| crate::args::whole("kRange", &Val::Num(x));
            match r[..] {
                [lo, hi] => (whole(lo)? as usize, whole(hi)? as usize),
                _ => return Err(invalid("kRange", None, v, "expected [low, high]")),
            }
        }
    };
    let params = PersonaParams {
        k: size(&o, "k")?,
        k_range,
        seed: o.whole("seed")?.unwrap_or(d.seed),
        n_init: size(&o, "nInit")?.unwrap_or(d.n_init),
        max_iterations: size(&o, "maxIterations")?.unwrap_or(d.max_iterations),
        silhouette_sample: size(&o, "silhouetteSample")?.unwrap_or(d.silhouette_sample),
    };
    if params.n_init == 0 {
        return Err(CxError::invalid("nInit", "need at least one seeding"));
    }
    if params.max_iterations == 0 {
        return Err(CxError::invalid(
            "maxIterations",
            "need at least one iteration",
        ));
    }
    to_val(&core_personas(&x, &names, params).map_err(js_names)?)
}

/// `lookalike(features, seedIds, {method, id, columns})`: customers outside the seed set by
/// similarity to it, highest first.
pub fn lookalike(args: &[Val]) -> Result<Val> {
    let o = Options::read(arg(args, 2), &["method", "id", "columns"])?;
    let method = LookalikeMethod::parse(o.string("method")?.unwrap_or("classifier"))?;
    let id = o.string("id")?.unwrap_or("customerId");
    let features = arg(args, 0);
    let (x, names) = feature_matrix(&o, features, id)?;
    let t = Table::read("features", features)?;
    let customer_ids = t.strings(id)?;
    let seeds = match arg_opt(args, 1) {
        Some(v) => ids("seedIds", v)?,
        None => Vec::new(),
    };
    let r = core_lookalike(&customer_ids, &x, names.len(), &seeds, method)
        .map_err(|e| rename(js_names(e), "ids", &format!("features.{id}")))?;
    to_val(&r)
}
