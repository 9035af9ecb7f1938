//! The wasm build inside a real browser (headless Chromium via `wasm-bindgen-test-runner`):
//! results come back as plain JS objects, bad input is a thrown `Error` with a code, and the
//! instance keeps working after it. Run by `make test-wasm-unit`; empty on other targets.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float64Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("property")
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().expect("number")
}

fn scores(xs: &[f64]) -> JsValue {
    xs.iter()
        .map(|&x| JsValue::from(x))
        .collect::<Array>()
        .into()
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).expect("set");
    }
    o.into()
}

#[wasm_bindgen_test]
fn nps_from_array_float64array_and_bytes_agree() {
    let xs = [10.0, 9.0, 8.0, 3.0];
    let none = JsValue::UNDEFINED;
    let a = cx_wasm::nps(&scores(&xs), &none).expect("array");
    let f = cx_wasm::nps(&Float64Array::from(&xs[..]).into(), &none).expect("f64");
    let b = cx_wasm::nps(&Uint8Array::from(&[10u8, 9, 8, 3][..]).into(), &none).expect("u8");
    for r in [&a, &f, &b] {
        assert_eq!(num(r, "score"), 25.0);
        assert_eq!(num(r, "effectiveN"), 4.0);
        let ci: Array = get(r, "ci").dyn_into().expect("ci array");
        assert_eq!(ci.length(), 2);
        assert_eq!(ci.get(1).as_f64(), Some(100.0));
        assert_eq!(get(r, "method").as_string().as_deref(), Some("wald"));
    }
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_code_field_and_index() {
    let e = cx_wasm::nps(&scores(&[9.0, 11.0]), &JsValue::UNDEFINED).expect_err("11");
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("CX_INVALID_INPUT")
    );
    assert_eq!(get(&e, "field").as_string().as_deref(), Some("scores"));
    assert_eq!(num(&e, "index"), 1.0);
    let msg = String::from(e.unchecked_ref::<js_sys::Error>().message());
    assert_eq!(
        msg,
        "invalid input `scores` at index 1 (value 11): an NPS score must be a whole number from 0 to 10"
    );

    let e = cx_wasm::csat(&scores(&[4.0]), &options(&[("topBox", 5.0.into())])).expect_err("box");
    assert_eq!(get(&e, "field").as_string().as_deref(), Some("topBox"));
    let e = cx_wasm::ces(&"1 2 3".into(), &JsValue::NULL).expect_err("string");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("CX_INVALID_INPUT")
    );
    let e = cx_wasm::nps(&scores(&[]), &JsValue::UNDEFINED).expect_err("empty");
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("CX_EMPTY"));
    let e = cx_wasm::nps(
        &scores(&[9.0]),
        &options(&[("weights", scores(&[1.0, 1.0]))]),
    )
    .expect_err("lengths");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("CX_LENGTH_MISMATCH")
    );

    // The instance did not trap: it still computes.
    let r = cx_wasm::nps(&scores(&[10.0, 0.0]), &JsValue::UNDEFINED).expect("after errors");
    assert_eq!(num(&r, "score"), 0.0);
}

#[wasm_bindgen_test]
fn tally_merges_and_round_trips() {
    let t = cx_wasm::NpsTally::new();
    t.add(&scores(&[10.0, 9.0, 3.0])).expect("add");
    t.add(&Uint8Array::from(&[8u8, 10][..]).into())
        .expect("add bytes");
    let json = t.to_json().expect("toJSON");
    assert_eq!(num(&json, "promoters"), 3.0);
    assert_eq!(num(&json, "format_version"), 1.0);
    let back = cx_wasm::NpsTally::from_json(&json).expect("fromJSON");
    back.merge(&json).expect("merge json");
    assert_eq!(back.n(), 10.0);
    let r = back.result(&JsValue::UNDEFINED).expect("result");
    assert_eq!(num(&r, "score"), 40.0);
    assert!(t.add(&scores(&[12.0])).is_err());
    assert_eq!(t.n(), 5.0, "a failed add changes nothing");
}

fn paths(ps: &[&[&str]]) -> JsValue {
    ps.iter()
        .map(|p| p.iter().map(|&c| JsValue::from(c)).collect::<Array>())
        .collect::<Array>()
        .into()
}

#[wasm_bindgen_test]
fn attribution_credits_channels_by_name_and_refuses_16_shapley_channels() {
    let none = JsValue::UNDEFINED;
    let p = paths(&[&["paid_search", "email"], &["email"], &["paid_search"]]);
    let conv = scores(&[1.0, 0.0, 1.0]);
    let o = options(&[
        ("model", "markov".into()),
        ("nulls", scores(&[0.0, 1.0, 1.0])),
    ]);
    let r = cx_wasm::journey::attribution(&p, &conv, &o, &none, &none, &none).expect("markov");
    let credits = get(&r, "credits");
    let total = num(&credits, "paid_search") + num(&credits, "email");
    assert!(
        (total - 2.0).abs() < 1e-12,
        "credits sum to conversions: {total}"
    );
    assert_eq!(num(&r, "totalConversions"), 2.0);
    let many: Vec<String> = (0..16).map(|i| format!("channel {i}")).collect();
    let many: Vec<Vec<&str>> = many.iter().map(|c| vec![c.as_str()]).collect();
    let many: Vec<&[&str]> = many.iter().map(Vec::as_slice).collect();
    let o = options(&[("model", "shapley".into())]);
    let e =
        cx_wasm::journey::attribution(&paths(&many), &scores(&[1.0; 16]), &o, &none, &none, &none)
            .expect_err("16 channels");
    assert_eq!(get(&e, "field").as_string().as_deref(), Some("paths"));
    assert_eq!(get(&e, "index").as_f64(), Some(15.0));
    // The instance keeps working.
    let ok = cx_wasm::journey::attribution(&p, &conv, &none, &none, &none, &none);
    assert!(ok.is_ok());
}
