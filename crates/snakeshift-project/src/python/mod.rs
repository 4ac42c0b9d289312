//! A static evaluator for the Python that setup scripts are written in (see [`interp`]).

pub mod builtins;
pub mod interp;
pub mod marker;
pub mod methods;
pub mod operators;
pub mod paths;
pub mod pyregex;
pub mod stdlib;
pub mod strings;
pub mod value;
