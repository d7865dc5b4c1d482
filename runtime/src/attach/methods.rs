//! [`attach_methods!`]: one definition of a kind's attach methods for both loaded forms,
//! the object's [`LoadedProgram`](crate::LoadedProgram) and an owned
//! [`ClonedProgram`](crate::ClonedProgram).

/// Implements the same attach methods on `LoadedProgram<K>` and `ClonedProgram<K>` of
/// one kind: the bodies use `self.name()`, `self.as_fd()`, `self.sec_target()`,
/// `self.attach_type()` and `self.section()`, which both types provide.
macro_rules! attach_methods {
    ($kind:ty { $($methods:tt)* }) => {
        impl $crate::load::LoadedProgram<$kind> {
            $($methods)*
        }

        impl $crate::load::ClonedProgram<$kind> {
            $($methods)*
        }
    };
}
pub(crate) use attach_methods;
