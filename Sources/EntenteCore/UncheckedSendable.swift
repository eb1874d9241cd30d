/// A value handed to concurrent workers that only read it, or that each write at their own
/// indices only (`concurrentPerform` over the slots of a buffer). The one place the package
/// says "unchecked" about a transfer; `package`, not part of the library's API.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}
