/// The words of one article as signed (texte de l'article), for reading on the agreement
/// page: its anchor (the article's Akoma Ntoso `eId`, `art_4`), number, heading, and its
/// text as blocks in reading order.
public struct ArticleText: Sendable, Hashable, Codable {
    /// One paragraph, introduction or point of the article, with the `eId` of the provision it
    /// belongs to (`art_4__para_2__list_1__point_1`) and how deep in lists it sits (0: none).
    public struct Block: Sendable, Hashable, Codable {
        public var eId: String?
        public var num: String?
        public var text: String
        public var depth: Int

        public init(eId: String?, num: String?, text: String, depth: Int) {
            self.eId = eId
            self.num = num
            self.text = text
            self.depth = depth
        }
    }

    public var eId: String
    public var num: String?
    public var heading: String?
    public var blocks: [Block]

    public init(eId: String, num: String?, heading: String?, blocks: [Block]) {
        self.eId = eId
        self.num = num
        self.heading = heading
        self.blocks = blocks
    }
}
