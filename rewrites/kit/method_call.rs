//! The method calls a query captures by name: `receiver.method(...)` as `@method_call` (the
//! call), `@receiver` and `@method`.

use snakeshift_engine::rewrite::{Context, Match};
use tree_sitter::Node;

/// A captured `receiver.method(...)`.
#[derive(Clone, Copy)]
pub struct MethodCall<'t> {
    pub call: Node<'t>,
    pub receiver: Node<'t>,
    pub method: Node<'t>,
}

impl<'t> MethodCall<'t> {
    /// The method call `m` captured, when the file imports `module` (`None`: whatever it
    /// imports). A method is known only by its name: the import is what ties the call to the
    /// module's objects.
    pub fn of(m: &Match<'_, 't>, ctx: &Context<'_, 't>, module: Option<&str>) -> Option<Self> {
        let call = MethodCall {
            call: m.get("method_call")?,
            receiver: m.get("receiver")?,
            method: m.get("method")?,
        };
        module
            .is_none_or(|module| crate::kit::syntax::imports_module(ctx, module))
            .then_some(call)
    }
}
