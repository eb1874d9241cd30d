/// A buffer that concurrent workers fill, each at its own indices only (`concurrentPerform`
/// over the slots of an array). The one place the modules say "unchecked" about this.
public struct SendableBuffer<Element>: @unchecked Sendable {
    public let buffer: UnsafeMutableBufferPointer<Element>
    public init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
