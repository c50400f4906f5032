// C2SP tlog-tiles: paths, partial tiles, hashes from tiles, entry bundles.
#include "garant/audit/tile.h"

#include <string>
#include <vector>

#include "audit_test_util.h"
#include "gtest/gtest.h"

namespace garant::audit {
namespace {

TEST(TilePath, FormatsAsTheSpec) {
  EXPECT_EQ(FormatTileIndex(0), "000");
  EXPECT_EQ(FormatTileIndex(999), "999");
  EXPECT_EQ(FormatTileIndex(1000), "x001/000");
  EXPECT_EQ(FormatTileIndex(1234067), "x001/x234/067");
  EXPECT_EQ(FormatTileIndex(UINT64_MAX), "x018/x446/x744/x073/x709/x551/615");
  EXPECT_EQ(TilePath({0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath({1, 5, 17}), "tile/1/005.p/17");
  EXPECT_EQ(EntryBundlePath(7, 3), "tile/entries/007.p/3");
  EXPECT_EQ(EntryBundlePath(1000, 256), "tile/entries/x001/000");
}

TEST(TilePath, ParsesCanonicalPathsOnly) {
  for (const Tile& t : std::vector<Tile>{
           {0, 0, 256}, {0, 1234067, 256}, {3, 999, 1}, {63, 1000, 255}, {2, UINT64_MAX, 256}}) {
    Result<TilePathInfo> info = ParseTilePath(TilePath(t));
    ASSERT_TRUE(info.ok()) << TilePath(t);
    EXPECT_FALSE(info->entries);
    EXPECT_EQ(info->tile, t);
  }
  Result<TilePathInfo> entries = ParseTilePath("tile/entries/x001/x234/067.p/9");
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->entries);
  EXPECT_EQ(entries->tile, (Tile{0, 1234067, 9}));
  for (const char* bad :
       {"tile/0/1234067",   "tile/00/000",        "tile/64/000",
        "tile/-1/000",      "tile/0/x000/001",    "tile/0/001.p/0",
        "tile/0/001.p/256", "tile/0/001.p/05",    "tile/0/01",
        "tile/0/0001",      "tile/0/x1/000",      "tile/entries/000.p/",
        "tile/0/",          "tiles/0/000",        "tile/0/000/",
        "tile/0/x001",      "tile/0/x001/x",      "tile/0/00a",
        "tile/entries",     "tile/0/000.p/1.p/1", "tile/0/x018/x446/x744/x073/x709/x551/616",
        "/tile/0/000",      "tile/0/000.p/-1"}) {
    EXPECT_FALSE(ParseTilePath(bad).ok()) << bad;
  }
}

TEST(TileShape, SpecExamples) {
  // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one
  // partial level 0 tile of width 112, one full level 1 tile, one partial
  // level 1 tile of width 17, and one partial level 2 tile of width 1."
  const uint64_t s = 70000;
  EXPECT_EQ(*TileInTree(0, 272, s), (Tile{0, 272, 256}));
  EXPECT_EQ(*TileInTree(0, 273, s), (Tile{0, 273, 112}));
  EXPECT_EQ(TileInTree(0, 274, s).status().code(), Code::kNotFound);
  EXPECT_EQ(*TileInTree(1, 0, s), (Tile{1, 0, 256}));
  EXPECT_EQ(*TileInTree(1, 1, s), (Tile{1, 1, 17}));
  EXPECT_EQ(*TileInTree(2, 0, s), (Tile{2, 0, 1}));
  EXPECT_EQ(TileInTree(3, 0, s).status().code(), Code::kNotFound);
  EXPECT_EQ(PartialTileWidth(0, s), 112);
  EXPECT_EQ(PartialTileWidth(1, s), 17);
  EXPECT_EQ(PartialTileWidth(2, s), 1);
  // "a tree of size 256 will be represented by a full level 0 tile and a
  // partial level 1 tile of width 1."
  EXPECT_EQ(*TileInTree(0, 0, 256), (Tile{0, 0, 256}));
  EXPECT_EQ(PartialTileWidth(0, 256), 0);
  EXPECT_EQ(*TileInTree(1, 0, 256), (Tile{1, 0, 1}));
  EXPECT_EQ(TileInTree(0, 0, 0).status().code(), Code::kNotFound);
}

TEST(TileShape, TileForHash) {
  EXPECT_EQ(TileForHash(0, 0), (Tile{0, 0, 1}));
  EXPECT_EQ(TileForHash(0, 300), (Tile{0, 1, 45}));
  EXPECT_EQ(TileForHash(3, 5), (Tile{0, 0, 48}));   // leaves 40..47
  EXPECT_EQ(TileForHash(7, 1), (Tile{0, 0, 256}));  // leaves 128..255
  EXPECT_EQ(TileForHash(8, 0), (Tile{1, 0, 1}));
  EXPECT_EQ(TileForHash(9, 300), (Tile{1, 2, 90}));  // level-8 hashes 600, 601
}

TEST(TileHashReader, MatchesTheTreeForEverySize) {
  testing::MemoryLog log;
  std::vector<Digest> leaves;
  for (uint64_t n = 0; n < 1100; ++n) {
    log.Append(testing::MakeLeaf(n));
    leaves.push_back(*log.rows.back()->leaf_hash);
  }
  LeafHashesReader direct(leaves);
  for (uint64_t size = 1; size <= 1100; size += (size < 300 ? 1 : 53)) {
    TileHashReader tiles(size, log);
    const int reads = log.tile_reads;
    ASSERT_EQ(*TreeHash(size, tiles), *TreeHash(size, direct)) << size;
    EXPECT_EQ(log.tile_reads, reads + 1) << "one batch per ReadHashes";
    for (uint64_t m : {uint64_t{0}, size / 3, size - 1}) {
      ASSERT_EQ(*ProveRecord(size, m, tiles), *ProveRecord(size, m, direct)) << m << "/" << size;
      ASSERT_EQ(*ProveTree(size, m, tiles), *ProveTree(size, m, direct)) << m << "/" << size;
    }
  }
  TileHashReader tiles(1100, log);
  EXPECT_EQ(tiles.Hash(0, 1100).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(tiles.Hash(11, 0).status().code(), Code::kInvalidArgument);  // 2048 > 1100
  EXPECT_EQ(*tiles.Hash(10, 0), *direct.Hash(10, 0));
}

TEST(HashFromTile, ChecksItsInputs) {
  std::vector<Digest> hs(4);
  for (size_t i = 0; i < hs.size(); ++i) {
    hs[i][0] = static_cast<uint8_t>(i);
  }
  const Bytes data = EncodeHashTile(hs);
  EXPECT_EQ(*HashFromTile({0, 0, 4}, data, 1, 1), NodeHash(hs[2], hs[3]));
  EXPECT_EQ(*HashFromTile({0, 0, 4}, data, 2, 0),
            NodeHash(NodeHash(hs[0], hs[1]), NodeHash(hs[2], hs[3])));
  EXPECT_FALSE(HashFromTile({0, 0, 4}, data, 3, 0).ok());  // needs 8 hashes
  EXPECT_FALSE(HashFromTile({0, 1, 4}, data, 0, 0).ok());  // other tile
  EXPECT_FALSE(HashFromTile({1, 0, 4}, data, 0, 0).ok());  // other level
  EXPECT_EQ(HashFromTile({0, 0, 5}, data, 0, 0).status().code(), Code::kDataLoss);
  EXPECT_EQ(*DecodeHashTile(data), hs);
  EXPECT_FALSE(DecodeHashTile(Bytes(33)).ok());
  EXPECT_FALSE(DecodeHashTile(Bytes()).ok());
  EXPECT_FALSE(DecodeHashTile(Bytes(257 * 32)).ok());
}

TEST(EntryBundle, RoundTripsAndRejects) {
  std::vector<Bytes> entries = {Bytes{}, Bytes{'a'}, Bytes(300, 'b'), Bytes(65535, 'c')};
  Result<Bytes> bundle = EncodeEntryBundle(entries);
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(bundle->size(), 8u + 1 + 300 + 65535);
  EXPECT_EQ((*bundle)[0], 0);
  EXPECT_EQ((*bundle)[1], 0);
  EXPECT_EQ((*bundle)[2], 0);
  EXPECT_EQ((*bundle)[3], 1);
  EXPECT_EQ((*bundle)[5], 0x01);  // 300 = 0x012c
  EXPECT_EQ((*bundle)[6], 0x2c);
  EXPECT_EQ(*DecodeEntryBundle(*bundle), entries);

  EXPECT_FALSE(EncodeEntryBundle(std::vector<Bytes>{Bytes(65536)}).ok());
  EXPECT_FALSE(EncodeEntryBundle(std::vector<Bytes>(257, Bytes{1})).ok());
  EXPECT_TRUE(EncodeEntryBundle(std::vector<Bytes>(256, Bytes{1})).ok());
  Bytes truncated(bundle->begin(), bundle->end() - 1);
  EXPECT_FALSE(DecodeEntryBundle(truncated).ok());
  EXPECT_FALSE(DecodeEntryBundle(Bytes{0}).ok());
  EXPECT_FALSE(DecodeEntryBundle(Bytes{0, 5, 1, 2}).ok());
  Bytes too_many;
  for (int i = 0; i < 257; ++i) {
    ASSERT_TRUE(AppendToEntryBundle(Bytes{}, &too_many).ok());
  }
  EXPECT_FALSE(DecodeEntryBundle(too_many).ok());
  EXPECT_TRUE(DecodeEntryBundle(Bytes{})->empty());
}

}  // namespace
}  // namespace garant::audit
