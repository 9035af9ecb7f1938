//! The shared JS API of `cx-js`, exported by the wasm build: JS values in as [`Val`],
//! results out as JS values, `CxError` thrown with its `code`. The two macros turn a table
//! of functions and classes into wasm-bindgen exports, one line each; their TypeScript
//! declarations are `cx-js/api.d.ts`, shared with the Node addon. Nothing here may panic.

use cx_core::CxError;
use cx_js::Val;
use js_sys::{Array, ArrayBuffer, Date, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

fn js_err(e: &JsValue) -> CxError {
    let text = e
        .dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |err| String::from(err.message()));
    CxError::Internal(format!("JavaScript call failed: {text}"))
}

/// Reads any JS value as a [`Val`] (`field` names it in errors).
pub fn to_val(field: &str, v: &JsValue) -> Result<Val, CxError> {
    read(field, v, 0)
}

fn read(field: &str, v: &JsValue, depth: usize) -> Result<Val, CxError> {
    let unsupported = |what: &str| CxError::InvalidInput {
        field: field.into(),
        index: None,
        value: Some(what.into()),
        reason: "not a value cxkit can read".into(),
    };
    if depth > MAX_DEPTH {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: None,
            reason: format!("nested more than {MAX_DEPTH} levels deep"),
        });
    }
    if v.is_undefined() {
        return Ok(Val::Undefined);
    }
    if v.is_null() {
        return Ok(Val::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Val::Bool(b));
    }
    if let Some(x) = v.as_f64() {
        return Ok(Val::Num(x));
    }
    if let Some(s) = v.as_string() {
        return Ok(Val::Str(s));
    }
    if v.is_bigint() {
        return Err(unsupported("a bigint"));
    }
    if v.is_symbol() {
        return Err(unsupported("a symbol"));
    }
    if v.is_function() {
        return Err(unsupported("a function"));
    }
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(Val::Nums(a.to_vec()));
    }
    if ArrayBuffer::is_view(v) {
        if v.is_instance_of::<js_sys::BigInt64Array>()
            || v.is_instance_of::<js_sys::BigUint64Array>()
            || v.is_instance_of::<js_sys::DataView>()
        {
            return Err(unsupported("a bigint or DataView array"));
        }
        // Any other typed array converts element-wise to float64.
        return Ok(Val::Nums(Float64Array::new(v).to_vec()));
    }
    if Array::is_array(v) {
        let arr: &Array = v.unchecked_ref();
        let mut out = Vec::with_capacity(arr.length() as usize);
        for item in arr.iter() {
            out.push(read(field, &item, depth + 1)?);
        }
        return Ok(Val::Arr(out));
    }
    if let Some(d) = v.dyn_ref::<Date>() {
        return Ok(Val::Date(d.get_time()));
    }
    let obj: &Object = v.unchecked_ref();
    // An object with a `toJSON` method (a fitted model, any class instance) reads as what
    // it returns, as `JSON.stringify` would write it.
    let to_json = Reflect::get(obj, &"toJSON".into()).map_err(|e| js_err(&e))?;
    if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
        let doc = f.call0(obj).map_err(|e| js_err(&e))?;
        return read(field, &doc, depth + 1);
    }
    let keys = Object::keys(obj);
    let mut out = Vec::with_capacity(keys.length() as usize);
    for k in keys.iter() {
        let item = Reflect::get(obj, &k).map_err(|e| js_err(&e))?;
        let key = k.as_string().unwrap_or_default();
        out.push((key, read(field, &item, depth + 1)?));
    }
    Ok(Val::Obj(out))
}

/// Writes a [`Val`] as a JS value (`Nums` as a `Float64Array`).
pub fn from_val(v: Val) -> JsValue {
    match v {
        Val::Undefined => JsValue::UNDEFINED,
        Val::Null => JsValue::NULL,
        Val::Bool(b) => b.into(),
        Val::Num(x) | Val::Date(x) => x.into(),
        Val::Str(s) => s.into(),
        Val::Nums(x) => Float64Array::from(x.as_slice()).into(),
        Val::Arr(items) => items.into_iter().map(from_val).collect::<Array>().into(),
        Val::Obj(pairs) => {
            let obj = Object::new();
            for (k, item) in pairs {
                // Setting a data property on a fresh plain object cannot fail.
                let _ = Reflect::set(&obj, &k.into(), &from_val(item));
            }
            obj.into()
        }
    }
}

/// Reads positional arguments as [`Val`]s, trailing `undefined`s dropped.
pub fn vals(args: [&JsValue; 6]) -> Result<Vec<Val>, CxError> {
    let mut out = Vec::with_capacity(6);
    for (i, a) in args.into_iter().enumerate() {
        out.push(to_val(&format!("argument {}", i + 1), a)?);
    }
    while matches!(out.last(), Some(Val::Undefined)) {
        out.pop();
    }
    Ok(out)
}

/// Exports `cx_js` functions `fn(&[Val]) -> Result<Val>` as JS functions of up to six
/// arguments; their types are declared in `cx-js/api.d.ts`.
macro_rules! export_fns {
    ($($js:ident $name:ident => $path:path;)*) => {$(
        #[doc = concat!("`", stringify!($js), "`: see `", stringify!($path), "`.")]
        #[wasm_bindgen::prelude::wasm_bindgen(js_name = $js, skip_typescript)]
        pub fn $name(
            a: &wasm_bindgen::JsValue,
            b: &wasm_bindgen::JsValue,
            c: &wasm_bindgen::JsValue,
            d: &wasm_bindgen::JsValue,
            e: &wasm_bindgen::JsValue,
            f: &wasm_bindgen::JsValue,
        ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
            $crate::convert::run(|| $path(&$crate::api::vals([a, b, c, d, e, f])?)).map($crate::api::from_val)
        }
    )*};
}

/// Exports a `cx_js` model type as a JS class: static factories returning the class,
/// getters and methods taking up to six arguments, and `toJSON`.
macro_rules! export_class {
    ($class:ident wraps $inner:path {
        statics { $($sjs:ident $sname:ident;)* }
        getters { $($gjs:ident $gname:ident;)* }
        methods { $($mjs:ident $mname:ident;)* }
    }) => {
        #[doc = concat!("The JS class `", stringify!($class), "`: see `", stringify!($inner), "`.")]
        #[wasm_bindgen::prelude::wasm_bindgen(skip_typescript)]
        pub struct $class {
            inner: $inner,
        }

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(
                #[doc = concat!("`", stringify!($class), ".", stringify!($sjs), "`.")]
                #[wasm_bindgen::prelude::wasm_bindgen(js_name = $sjs, skip_typescript)]
                pub fn $sname(
                    a: &wasm_bindgen::JsValue,
                    b: &wasm_bindgen::JsValue,
                    c: &wasm_bindgen::JsValue,
                    d: &wasm_bindgen::JsValue,
                    e: &wasm_bindgen::JsValue,
                    f: &wasm_bindgen::JsValue,
                ) -> Result<$class, wasm_bindgen::JsValue> {
                    $crate::convert::run(|| {
                        Ok($class { inner: <$inner>::$sname(&$crate::api::vals([a, b, c, d, e, f])?)? })
                    })
                }
            )*
            $(
                #[doc = concat!("`", stringify!($gjs), "`.")]
                #[wasm_bindgen::prelude::wasm_bindgen(getter = $gjs, skip_typescript)]
                pub fn $gname(&self) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
                    $crate::convert::run(|| self.inner.$gname()).map($crate::api::from_val)
                }
            )*
            $(
                #[doc = concat!("`", stringify!($mjs), "()`.")]
                #[wasm_bindgen::prelude::wasm_bindgen(js_name = $mjs, skip_typescript)]
                pub fn $mname(
                    &self,
                    a: &wasm_bindgen::JsValue,
                    b: &wasm_bindgen::JsValue,
                    c: &wasm_bindgen::JsValue,
                    d: &wasm_bindgen::JsValue,
                    e: &wasm_bindgen::JsValue,
                    f: &wasm_bindgen::JsValue,
                ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
                    $crate::convert::run(|| self.inner.$mname(&$crate::api::vals([a, b, c, d, e, f])?)).map($crate::api::from_val)
                }
            )*
            /// `toJSON()`: the model in the core's JSON format (what `JSON.stringify` writes).
            #[wasm_bindgen::prelude::wasm_bindgen(js_name = toJSON, skip_typescript)]
            pub fn to_json(&self) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
                $crate::convert::run(|| self.inner.to_json()).map($crate::api::from_val)
            }
        }
    };
}

pub(crate) use {export_class, export_fns};
