//! The shared JS API of `cx-js`, exported by this addon: JS values in as [`Val`], results
//! out as JS values, `CxError` thrown with its `code`. The two macros turn a table of
//! functions and classes into napi exports, one line each; their TypeScript declarations
//! are `cx-js/api.d.ts` (the header of `index.d.ts`, shared with the wasm build).

use cx_core::CxError;
use cx_js::Val;
use napi::bindgen_prelude::{
    Array, Float64Array, Float64ArraySlice, FromNapiValue, Function, JsObjectValue, JsValue,
    Object, ToNapiValue, TypedArray, TypedArrayType, Uint8ArraySlice, Unknown, ValueType,
};
use napi::{Env, JsDate};

use crate::convert::napi_err;

/// Nesting deeper than this is refused rather than risking the native stack.
const MAX_DEPTH: usize = 64;

/// Reads any JS value as a [`Val`] (`field` names it in errors).
pub fn to_val(field: &str, v: Unknown<'_>) -> Result<Val, CxError> {
    read(field, v, 0)
}

fn read(field: &str, v: Unknown<'_>, depth: usize) -> Result<Val, CxError> {
    let e = |e: napi::Error| napi_err(&e);
    if depth > MAX_DEPTH {
        return Err(CxError::InvalidInput {
            field: field.into(),
            index: None,
            value: None,
            reason: format!("nested more than {MAX_DEPTH} levels deep"),
        });
    }
    Ok(match v.get_type().map_err(e)? {
        ValueType::Undefined => Val::Undefined,
        ValueType::Null => Val::Null,
        ValueType::Boolean => Val::Bool(bool::from_unknown(v).map_err(e)?),
        ValueType::Number => Val::Num(f64::from_unknown(v).map_err(e)?),
        ValueType::String => Val::Str(String::from_unknown(v).map_err(e)?),
        ValueType::Object if v.is_typedarray().map_err(e)? => {
            let t = TypedArray::from_unknown(v).map_err(e)?;
            match t.typed_array_type {
                TypedArrayType::Float64 => {
                    Val::Nums(Float64ArraySlice::from_unknown(v).map_err(e)?.to_vec())
                }
                TypedArrayType::Uint8 => Val::Nums(
                    Uint8ArraySlice::from_unknown(v)
                        .map_err(e)?
                        .iter()
                        .map(|&b| f64::from(b))
                        .collect(),
                ),
                _ => {
                    // Other element types: read each element as a JS number.
                    let _ = t;
                    let obj = Object::from_unknown(v).map_err(e)?;
                    let len: u32 = obj.get_named_property("length").map_err(e)?;
                    let mut out = Vec::with_capacity(len as usize);
                    for i in 0..len {
                        out.push(obj.get_element::<f64>(i).map_err(e)?);
                    }
                    Val::Nums(out)
                }
            }
        }
        ValueType::Object if v.is_array().map_err(e)? => {
            let arr = Array::from_unknown(v).map_err(e)?;
            let mut out = Vec::with_capacity(arr.len() as usize);
            for i in 0..arr.len() {
                out.push(match arr.get::<Unknown>(i).map_err(e)? {
                    Some(item) => read(field, item, depth + 1)?,
                    None => Val::Undefined,
                });
            }
            Val::Arr(out)
        }
        ValueType::Object if v.is_date().map_err(e)? => {
            Val::Date(JsDate::from_unknown(v).map_err(e)?.value_of().map_err(e)?)
        }
        ValueType::Object => {
            let obj = Object::from_unknown(v).map_err(e)?;
            // An object with a `toJSON` method (a fitted model, any class instance) reads as
            // what it returns, as `JSON.stringify` would write it.
            let to_json: Unknown = obj.get_named_property("toJSON").map_err(e)?;
            if to_json.get_type().map_err(e)? == ValueType::Function {
                let f: Function<'_, (), Unknown> = Function::from_unknown(to_json).map_err(e)?;
                let doc = f.apply(obj, ()).map_err(e)?;
                return read(field, doc, depth + 1);
            }
            let keys = Object::keys(&obj).map_err(e)?;
            let mut out = Vec::with_capacity(keys.len());
            for k in keys {
                let item: Unknown = obj.get_named_property(&k).map_err(e)?;
                let val = read(field, item, depth + 1)?;
                out.push((k, val));
            }
            Val::Obj(out)
        }
        other => {
            return Err(CxError::InvalidInput {
                field: field.into(),
                index: None,
                value: Some(format!("a {}", format!("{other}").to_lowercase())),
                reason: "not a value cxkit can read".into(),
            });
        }
    })
}

/// Writes a [`Val`] as a JS value (`Nums` as a `Float64Array`).
pub fn from_val(env: &Env, v: Val) -> napi::Result<Unknown<'_>> {
    match v {
        Val::Undefined => ().into_unknown(env),
        Val::Null => napi::bindgen_prelude::Null.into_unknown(env),
        Val::Bool(b) => b.into_unknown(env),
        Val::Num(x) | Val::Date(x) => x.into_unknown(env),
        Val::Str(s) => s.into_unknown(env),
        Val::Nums(x) => Float64Array::new(x).into_unknown(env),
        Val::Arr(items) => {
            let mut arr = env.create_array(items.len() as u32)?;
            for (i, item) in items.into_iter().enumerate() {
                arr.set(i as u32, from_val(env, item)?)?;
            }
            arr.into_unknown(env)
        }
        Val::Obj(pairs) => {
            let mut obj = Object::new(env)?;
            for (k, item) in pairs {
                obj.set_named_property(&k, from_val(env, item)?)?;
            }
            obj.into_unknown(env)
        }
    }
}

/// Reads optional positional arguments (`None`: not passed) as [`Val`]s.
pub fn vals(args: [Option<Unknown<'_>>; 6]) -> Result<Vec<Val>, CxError> {
    let mut out: Vec<Val> = Vec::with_capacity(6);
    for (i, a) in args.into_iter().enumerate() {
        out.push(match a {
            Some(u) => to_val(&format!("argument {}", i + 1), u)?,
            None => Val::Undefined,
        });
    }
    while matches!(out.last(), Some(Val::Undefined)) {
        out.pop();
    }
    Ok(out)
}

/// Runs an API call and writes its result as a JS value; a `CxError` is thrown with its code
/// (what every export generated below does).
pub fn call(
    env: &Env,
    f: impl FnOnce() -> Result<Val, CxError>,
) -> napi::Result<Unknown<'_>, String> {
    let out = crate::convert::run(*env, f)?;
    from_val(env, out).map_err(|e| napi::Error::new(e.status.to_string(), e.reason.clone()))
}

/// Exports `cx_js` functions `fn(&[Val]) -> Result<Val>` as JS functions of up to six
/// arguments; their types are declared in `cx-js/api.d.ts`.
macro_rules! export_fns {
    ($($js:literal $name:ident => $path:path;)*) => {$(
        #[doc = concat!("`", $js, "`: see `", stringify!($path), "`.")]
        #[napi_derive::napi(js_name = $js, skip_typescript)]
        pub fn $name<'e>(
            env: &'e napi::Env,
            a: Option<napi::bindgen_prelude::Unknown<'_>>,
            b: Option<napi::bindgen_prelude::Unknown<'_>>,
            c: Option<napi::bindgen_prelude::Unknown<'_>>,
            d: Option<napi::bindgen_prelude::Unknown<'_>>,
            e: Option<napi::bindgen_prelude::Unknown<'_>>,
            f: Option<napi::bindgen_prelude::Unknown<'_>>,
        ) -> napi::Result<napi::bindgen_prelude::Unknown<'e>, String> {
            $crate::api::call(env, || $path(&$crate::api::vals([a, b, c, d, e, f])?))
        }
    )*};
}

/// Exports a `cx_js` model type as a JS class: static factories returning the class,
/// getters and methods taking up to six arguments.
macro_rules! export_class {
    ($class:ident wraps $inner:path {
        statics { $($sjs:literal $sname:ident;)* }
        getters { $($gjs:literal $gname:ident;)* }
        methods { $($mjs:literal $mname:ident;)* }
    }) => {
        #[doc = concat!("The JS class `", stringify!($class), "`: see `", stringify!($inner), "`.")]
        #[napi_derive::napi]
        pub struct $class {
            inner: $inner,
        }

        #[napi_derive::napi]
        impl $class {
            $(
                #[doc = concat!("`", stringify!($class), ".", $sjs, "`.")]
                #[napi_derive::napi(js_name = $sjs, skip_typescript)]
                pub fn $sname(
                    env: napi::Env,
                    a: Option<napi::bindgen_prelude::Unknown<'_>>,
                    b: Option<napi::bindgen_prelude::Unknown<'_>>,
                    c: Option<napi::bindgen_prelude::Unknown<'_>>,
                    d: Option<napi::bindgen_prelude::Unknown<'_>>,
                    e: Option<napi::bindgen_prelude::Unknown<'_>>,
                    f: Option<napi::bindgen_prelude::Unknown<'_>>,
                ) -> napi::Result<$class, String> {
                    $crate::convert::run(env, || {
                        Ok($class { inner: <$inner>::$sname(&$crate::api::vals([a, b, c, d, e, f])?)? })
                    })
                }
            )*
            $(
                #[doc = concat!("`", $gjs, "`.")]
                #[napi_derive::napi(getter, js_name = $gjs, skip_typescript)]
                pub fn $gname<'e>(&self, env: &'e napi::Env) -> napi::Result<napi::bindgen_prelude::Unknown<'e>, String> {
                    $crate::api::call(env, || self.inner.$gname())
                }
            )*
            $(
                #[doc = concat!("`", $mjs, "()`.")]
                #[napi_derive::napi(js_name = $mjs, skip_typescript)]
                #[allow(clippy::too_many_arguments)] // one per JS argument
                pub fn $mname<'e>(
                    &self,
                    env: &'e napi::Env,
                    a: Option<napi::bindgen_prelude::Unknown<'_>>,
                    b: Option<napi::bindgen_prelude::Unknown<'_>>,
                    c: Option<napi::bindgen_prelude::Unknown<'_>>,
                    d: Option<napi::bindgen_prelude::Unknown<'_>>,
                    e: Option<napi::bindgen_prelude::Unknown<'_>>,
                    f: Option<napi::bindgen_prelude::Unknown<'_>>,
                ) -> napi::Result<napi::bindgen_prelude::Unknown<'e>, String> {
                    $crate::api::call(env, || self.inner.$mname(&$crate::api::vals([a, b, c, d, e, f])?))
                }
            )*
            /// `toJSON()`: the model in the core's JSON format (what `JSON.stringify` writes).
            #[napi_derive::napi(js_name = "toJSON", skip_typescript)]
            pub fn to_json<'e>(&self, env: &'e napi::Env) -> napi::Result<napi::bindgen_prelude::Unknown<'e>, String> {
                $crate::api::call(env, || self.inner.to_json())
            }
        }
    };
}

pub(crate) use {export_class, export_fns};
