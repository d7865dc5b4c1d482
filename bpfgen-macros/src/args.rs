//! The arguments of `skeleton!`: `"path/to/obj.bpf.o"` then optional
//! `name = "…"`, `types = ["…", …]`, `events = ["MAP=TYPE", …]` and `runtime_path = "…"`,
//! parsed into [`Args`] with every
//! error collected and spanned.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// Parsed `skeleton!` arguments.
pub(crate) struct Args {
    /// The object path, relative to `CARGO_MANIFEST_DIR`.
    pub path: LitStr,
    /// `name = "…"`.
    pub name: Option<LitStr>,
    /// `types = ["…", …]`.
    pub types: Vec<LitStr>,
    /// `events = ["rb=event", …]`: typed event maps, as (map, C type).
    pub events: Vec<(String, String)>,
    /// `runtime_path = "…"`: the path generated code names the runtime by.
    pub runtime_path: Option<LitStr>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "expected the object path: skeleton!(\"path/to/obj.bpf.o\")",
            ));
        }
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(e.span(), "expected the object path as a string literal")
        })?;
        let mut args = Args {
            path,
            name: None,
            types: Vec::new(),
            events: Vec::new(),
            runtime_path: None,
        };
        let mut errors = Errors::default();
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let key_name = key.to_string();
            if seen.contains(&key_name) {
                errors.push(syn::Error::new(key.span(), format!("`{key}` given twice")));
            }
            seen.push(key_name.clone());
            match key_name.as_str() {
                "name" => args.name = Some(parse_name(input, &mut errors)?),
                "types" => args.types = parse_types(input)?,
                "events" => args.events = parse_events(input, &mut errors)?,
                "runtime_path" => args.runtime_path = Some(input.parse()?),
                _ => {
                    errors.push(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{key}`; expected `name`, `types`, `events` or `runtime_path`"
                        ),
                    ));
                    input.parse::<syn::Expr>()?;
                }
            }
        }
        errors.finish()?;
        if args.path.value().is_empty() {
            return Err(syn::Error::new(
                args.path.span(),
                "the object path is empty",
            ));
        }
        Ok(args)
    }
}

fn parse_name(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<LitStr> {
    let lit: LitStr = input.parse()?;
    if !lit.value().chars().any(|c| c.is_ascii_alphanumeric()) {
        errors.push(syn::Error::new(
            lit.span(),
            "the skeleton name needs at least one ASCII letter or digit",
        ));
    }
    Ok(lit)
}

fn parse_types(input: ParseStream<'_>) -> syn::Result<Vec<LitStr>> {
    let content;
    bracketed!(content in input);
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok(list.into_iter().collect())
}

/// `["MAP=TYPE", …]`; a string without `=` is an error at its span.
fn parse_events(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<Vec<(String, String)>> {
    let mut events = Vec::new();
    for lit in parse_types(input)? {
        match lit.value().split_once('=') {
            Some((map, ty)) if !map.is_empty() && !ty.is_empty() => {
                events.push((map.to_string(), ty.to_string()));
            }
            _ => errors.push(syn::Error::new(
                lit.span(),
                "expected \"MAP=TYPE\", e.g. \"rb=event\"",
            )),
        }
    }
    Ok(events)
}

/// Collects errors; [`Errors::finish`] reports them all at once.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
