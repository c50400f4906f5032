// Appends against a real PostgreSQL: gap-free indexes under concurrency,
// idempotency by event id, group commit, append-only rules.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <set>
#include <thread>

#include "audit_db_fixture.h"

namespace garant::audit {
namespace {

using testing::AuditDbTest;
using testing::MakeEvent;

TEST_F(AuditDbTest, AppendsGapFreeAndVerifies) {
  Result<std::vector<uint64_t>> first = Append({MakeEvent(0), MakeEvent(1), MakeEvent(2)});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, (std::vector<uint64_t>{0, 1, 2}));
  AppendRange(3, 700, 97);
  Result<TreeHead> head = Head();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 700u);
  // The state root is the RFC 6962 root of the stored leaves.
  std::vector<Digest> leaves;
  for (uint64_t n = 0; n < 700; ++n) {
    leaves.push_back(LeafHash(testing::MakeLeaf(n)));
  }
  LeafHashesReader reader(leaves);
  EXPECT_EQ(head->root, *TreeHash(700, reader));
  // Tiles and bundles as served.
  Result<db::PooledConnection> conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  PgTileReader tiles(**conn);
  TileHashReader from_tiles(700, tiles);
  EXPECT_EQ(*TreeHash(700, from_tiles), head->root);
  EXPECT_EQ(*ProveRecord(700, 345, from_tiles), *ProveRecord(700, 345, reader));
  Result<Bytes> bundle = ReadEntryBundle(**conn, 2, 700 - 512);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  Result<std::vector<Bytes>> entries = DecodeEntryBundle(*bundle);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 188u);
  EXPECT_EQ((*entries)[0], testing::MakeLeaf(512));
  EXPECT_EQ(ReadEntryBundle(**conn, 2, 256).status().code(), Code::kNotFound);
  EXPECT_EQ(*ReadLeaf(**conn, 699), testing::MakeLeaf(699));

  Publish();
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << r->Summary();
  EXPECT_EQ(r->entries_checked, 700u);
}

TEST_F(AuditDbTest, IdempotentByEventId) {
  std::vector<Event> ten;
  for (uint64_t n = 0; n < 10; ++n) {
    ten.push_back(MakeEvent(n));
  }
  ASSERT_EQ(*Append(ten), (std::vector<uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  // A retried batch returns the same indexes and appends nothing.
  EXPECT_EQ(*Append(ten), (std::vector<uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Head()->size, 10u);
  // Mixed old and new, and a repeat inside the batch.
  EXPECT_EQ(*Append({MakeEvent(3), MakeEvent(10), MakeEvent(10), MakeEvent(11)}),
            (std::vector<uint64_t>{3, 10, 10, 11}));
  EXPECT_EQ(Head()->size, 12u);
  // Same id, other content: refused, nothing written.
  Event changed = MakeEvent(4);
  changed.payload = "{\"n\":\"changed\"}";
  EXPECT_EQ(Append({MakeEvent(12), changed}).status().code(), Code::kAlreadyExists);
  Event twin = MakeEvent(13);
  Event other = twin;
  other.object = "other";
  EXPECT_EQ(Append({twin, other}).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(Head()->size, 12u);
  // Invalid events are refused before any database work.
  Event bad = MakeEvent(14);
  bad.actor = "nobody";
  EXPECT_EQ(Append({bad}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(*Append({MakeEvent(12)}), std::vector<uint64_t>{12});
}

TEST_F(AuditDbTest, AssumeNewSkipsTheLookupAndFailsOnAKnownId) {
  ASSERT_EQ(*Append({MakeEvent(0), MakeEvent(1)}), (std::vector<uint64_t>{0, 1}));
  // New ids: appended after the others, a repeat inside the batch once.
  EXPECT_EQ(*Append({MakeEvent(2), MakeEvent(3), MakeEvent(3)}, nullptr, IdCheck::kAssumeNew),
            (std::vector<uint64_t>{2, 3, 3}));
  // An id already in the log, even with the same content: kAlreadyExists,
  // nothing of the batch kept (with kLookUp it would keep its index).
  EXPECT_EQ(Append({MakeEvent(4), MakeEvent(1)}, nullptr, IdCheck::kAssumeNew).status().code(),
            Code::kAlreadyExists);
  EXPECT_EQ(Head()->size, 4u);
  // The caller's retry with the lookup gets the first index and the new one.
  EXPECT_EQ(*Append({MakeEvent(4), MakeEvent(1)}), (std::vector<uint64_t>{4, 1}));
  Publish();
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
}

TEST_F(AuditDbTest, PreparedEventsTakeTheirIndexesAtTheAppend) {
  // Prepared with no database; another append lands before theirs.
  std::vector<PreparedEvent> prepared;
  for (uint64_t n : {5, 6, 6}) {
    Result<PreparedEvent> p = AuditLog::Prepare(MakeEvent(n));
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->id(), MakeEvent(n).id);
    prepared.push_back(std::move(*p));
  }
  ASSERT_EQ(*Append({MakeEvent(0), MakeEvent(1)}), (std::vector<uint64_t>{0, 1}));
  auto append_prepared = [&](std::vector<PreparedEvent> events,
                             IdCheck ids) -> Result<std::vector<uint64_t>> {
    GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_->Acquire());
    db::Transaction tx(*conn);
    GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> indexes,
                            log_.AppendPreparedInTx(tx, std::move(events), ids));
    GARANT_RETURN_IF_ERROR(tx.Commit());
    return indexes;
  };
  std::vector<PreparedEvent> again = prepared;
  EXPECT_EQ(*append_prepared(std::move(prepared), IdCheck::kAssumeNew),
            (std::vector<uint64_t>{2, 3, 3}));
  // The same prepared events again: their first indexes (kLookUp), or
  // kAlreadyExists with kAssumeNew; a plain append of the same events agrees.
  EXPECT_EQ(append_prepared(again, IdCheck::kAssumeNew).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(*append_prepared(again, IdCheck::kLookUp), (std::vector<uint64_t>{2, 3, 3}));
  EXPECT_EQ(*Append({MakeEvent(6), MakeEvent(5)}), (std::vector<uint64_t>{3, 2}));
  Event changed = MakeEvent(5);
  changed.payload = "{\"n\":\"changed\"}";
  std::vector<PreparedEvent> other;
  other.push_back(*AuditLog::Prepare(changed));
  EXPECT_EQ(append_prepared(std::move(other), IdCheck::kLookUp).status().code(),
            Code::kAlreadyExists);
  // An invalid event is refused by Prepare, before any database work.
  Event bad = MakeEvent(7);
  bad.actor = "nobody";
  EXPECT_EQ(AuditLog::Prepare(bad).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Head()->size, 4u);
  // The rows are those of a plain append: the leaves read back, the tree verifies.
  Result<db::PooledConnection> conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*ReadLeaf(**conn, 2), testing::MakeLeaf(5));
  EXPECT_EQ(*ReadLeaf(**conn, 3), testing::MakeLeaf(6));
  Publish();
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
}

TEST_F(AuditDbTest, SearchColumnsKeepOddCharacters) {
  Event e = MakeEvent(0);
  e.object = "dossier\\2026 « été » \\N \\t";
  e.payload = "{\"note\":\"tab\\tand\\\\backslash\\n\"}";
  ASSERT_EQ(*Append({e}), std::vector<uint64_t>{0});
  Result<db::PooledConnection> conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  Result<db::Rows> rows = (*conn)->Exec(
      "SELECT object, actor, event_type, event_id::text, event_time = $1::timestamptz "
      "FROM audit_entries WHERE idx = 0",
      {db::Param(FormatRfc3339Utc(e.time))});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->Str(0, 0), e.object);
  EXPECT_EQ(rows->Str(0, 1), e.actor);
  EXPECT_EQ(rows->Str(0, 2), e.type);
  EXPECT_EQ(rows->Str(0, 3), e.id);
  EXPECT_TRUE(rows->Bool(0, 4));
  EXPECT_EQ(*DecodeLeaf(*ReadLeaf(**conn, 0)), e);
}

TEST_F(AuditDbTest, RolledBackAppendLeavesNoTrace) {
  AppendRange(0, 20);
  {
    Result<db::PooledConnection> conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    db::Transaction tx(**conn);
    Result<std::vector<uint64_t>> idx = log_.AppendInTx(tx, {MakeEvent(500), MakeEvent(501)});
    ASSERT_TRUE(idx.ok());
    EXPECT_EQ(*idx, (std::vector<uint64_t>{20, 21}));
    // No commit: the business change failed, the audit entries go with it.
  }
  EXPECT_EQ(Head()->size, 20u);
  // The next append reuses the indexes (the cached edge is re-checked).
  EXPECT_EQ(*Append({MakeEvent(600)}), std::vector<uint64_t>{20});
  Publish();
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
}

TEST_F(AuditDbTest, ConcurrentTransactionsAreGapFree) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::vector<uint64_t>> got(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      AuditLog own_log;  // different processes would each have their own
      for (int i = 0; i < kPerThread; ++i) {
        const uint64_t base = static_cast<uint64_t>(t * 1000 + i * 3);
        Result<std::vector<uint64_t>> r =
            Append({MakeEvent(base), MakeEvent(base + 1), MakeEvent(base + 2)}, &own_log);
        if (!r.ok()) {
          ++failures;
          continue;
        }
        got[static_cast<size_t>(t)].insert(got[static_cast<size_t>(t)].end(), r->begin(), r->end());
      }
    });
  }
  for (std::thread& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0);
  std::vector<uint64_t> all;
  for (const auto& g : got) {
    all.insert(all.end(), g.begin(), g.end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread * 3));
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i], i);
  }
  Publish();
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
}

// Many callers hammering the appender: every caller's events get consecutive
// indexes and all indexes are used once (whatever the batching was).
TEST_F(AuditDbTest, ConcurrentCallersGetGapFreeConsecutiveIndexes) {
  constexpr int kThreads = 8;
  constexpr int kCalls = 30;
  std::vector<std::vector<uint64_t>> got(kThreads);
  {
    Appender appender(*pool_, log_);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kCalls; ++i) {
          const uint64_t base = static_cast<uint64_t>(t * 10000 + i * 4);
          Result<std::vector<uint64_t>> r = appender.Append(
              {MakeEvent(base), MakeEvent(base + 1), MakeEvent(base + 2), MakeEvent(base + 3)});
          ASSERT_TRUE(r.ok()) << r.status().ToString();
          // A caller's events are consecutive.
          for (size_t k = 1; k < r->size(); ++k) {
            ASSERT_EQ((*r)[k], (*r)[0] + k);
          }
          got[static_cast<size_t>(t)].insert(got[static_cast<size_t>(t)].end(), r->begin(),
                                             r->end());
        }
      });
    }
    for (std::thread& th : threads) {
      th.join();
    }
    const Appender::Stats stats = appender.stats();
    EXPECT_EQ(stats.requests, static_cast<uint64_t>(kThreads * kCalls));
    EXPECT_EQ(stats.events, static_cast<uint64_t>(kThreads * kCalls * 4));
    EXPECT_EQ(stats.fallbacks, 0u);
    std::printf("group commit: %llu requests in %llu transactions\n",
                static_cast<unsigned long long>(stats.requests),
                static_cast<unsigned long long>(stats.transactions));
  }
  std::vector<uint64_t> all;
  for (const auto& g : got) {
    all.insert(all.end(), g.begin(), g.end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kCalls * 4));
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i], i);
  }
  EXPECT_EQ(Head()->size, all.size());
}

// Polls `done` every 5 ms for up to 60 s (sanitizer builds are slow).
template <typename F>
bool WaitFor(F done) {
  for (int i = 0; i < 12000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

// Deterministic group commit: another connection holds the tree-state row
// lock (the single writer lock every append takes), so the appender's first
// transaction blocks on it; meanwhile kWaiters callers, released together by
// a latch, queue up. Once the lock is released, the worker must commit all of
// them in ONE transaction: 1 + kWaiters requests in exactly 2 transactions.
TEST_F(AuditDbTest, GroupCommitMergesConcurrentCallers) {
  constexpr int kWaiters = 6;
  Result<db::Connection> holder = db::Connection::Open(cluster_->SuperuserConninfo(db_));
  ASSERT_TRUE(holder.ok()) << holder.status().ToString();
  ASSERT_TRUE(holder->Exec("BEGIN").ok());
  Result<db::Rows> locked =
      holder->Exec("SELECT size FROM audit_tree_state WHERE id = 0 FOR UPDATE");
  ASSERT_TRUE(locked.ok()) << locked.status().ToString();
  ASSERT_EQ(locked->size(), 1);
  auto waiting_on_locks = [&]() -> int64_t {
    Result<db::Rows> r = holder->Exec("SELECT count(*)::int8 FROM pg_locks WHERE NOT granted");
    return r.ok() ? r->Int(0, 0) : -1;
  };
  ASSERT_EQ(waiting_on_locks(), 0);

  Appender appender(*pool_, log_);
  Result<std::vector<uint64_t>> first = Status::Internal("not run");
  std::thread first_caller([&] { first = appender.Append({MakeEvent(0)}); });
  // The worker took the first request and now waits for the row lock.
  ASSERT_TRUE(WaitFor([&] { return waiting_on_locks() == 1; }))
      << "the appender's transaction never waited for the tree-state lock";

  std::latch start(kWaiters);
  std::vector<Result<std::vector<uint64_t>>> got(kWaiters, Status::Internal("not run"));
  std::vector<std::thread> callers;
  for (int t = 0; t < kWaiters; ++t) {
    callers.emplace_back([&, t] {
      start.arrive_and_wait();  // all call Append at once
      const uint64_t base = 100 + static_cast<uint64_t>(t) * 3;
      got[static_cast<size_t>(t)] =
          appender.Append({MakeEvent(base), MakeEvent(base + 1), MakeEvent(base + 2)});
    });
  }
  // Every caller is queued behind the blocked transaction; nothing committed.
  ASSERT_TRUE(WaitFor([&] { return appender.stats().requests == 1 + kWaiters; }));
  EXPECT_EQ(appender.stats().transactions, 0u);
  EXPECT_EQ(waiting_on_locks(), 1);  // still only the worker's transaction waits

  ASSERT_TRUE(holder->Exec("COMMIT").ok());
  first_caller.join();
  for (std::thread& th : callers) th.join();

  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, std::vector<uint64_t>{0});
  std::vector<uint64_t> all = *first;
  for (int t = 0; t < kWaiters; ++t) {
    const auto& r = got[static_cast<size_t>(t)];
    ASSERT_TRUE(r.ok()) << t << ": " << r.status().ToString();
    ASSERT_EQ(r->size(), 3u);
    EXPECT_EQ((*r)[1], (*r)[0] + 1);
    EXPECT_EQ((*r)[2], (*r)[0] + 2);
    all.insert(all.end(), r->begin(), r->end());
  }
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], i);

  const Appender::Stats stats = appender.stats();
  EXPECT_EQ(stats.requests, static_cast<uint64_t>(1 + kWaiters));
  EXPECT_EQ(stats.events, static_cast<uint64_t>(1 + 3 * kWaiters));
  EXPECT_EQ(stats.fallbacks, 0u);
  // The blocked one, then the kWaiters queued callers merged into one.
  EXPECT_EQ(stats.transactions, 2u) << "queued callers were not merged into one transaction";
  EXPECT_EQ(Head()->size, all.size());
}

TEST_F(AuditDbTest, GroupCommitIsolatesAConflictingCaller) {
  AppendRange(0, 5);
  Appender appender(*pool_, log_);
  Event conflicting = MakeEvent(2);
  conflicting.payload = "[]";
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::vector<Event> events = {MakeEvent(static_cast<uint64_t>(1000 + t * 100 + i))};
        if (t == 0) {
          events.push_back(conflicting);
        }
        Result<std::vector<uint64_t>> r = appender.Append(std::move(events));
        if (r.ok()) {
          ++ok;
        } else if (r.status().code() == Code::kAlreadyExists) {
          ++conflicts;
        }
      }
    });
  }
  for (std::thread& th : threads) {
    th.join();
  }
  EXPECT_EQ(conflicts.load(), 10);
  EXPECT_EQ(ok.load(), 50);
  EXPECT_EQ(Head()->size, 55u);
}

TEST_F(AuditDbTest, LogTablesAreAppendOnly) {
  AppendRange(0, 300);
  Publish();
  // The application role has no UPDATE, DELETE or TRUNCATE privilege.
  Result<db::Connection> app = db::Connection::Open(cluster_->AppConninfo(db_));
  ASSERT_TRUE(app.ok());
  for (const char* sql :
       {"UPDATE audit_entries SET actor = 'x' WHERE idx = 1", "DELETE FROM audit_entries",
        "TRUNCATE audit_entries", "UPDATE audit_tile_hashes SET idx = 5",
        "DELETE FROM audit_checkpoints", "DELETE FROM audit_tree_state"}) {
    EXPECT_EQ(app->Exec(sql).status().code(), Code::kPermissionDenied) << sql;
  }
  // Even the owner is refused by the triggers.
  Result<db::Connection> owner = db::Connection::Open(db_);
  ASSERT_TRUE(owner.ok());
  for (const char* sql : {"UPDATE audit_entries SET actor = 'x' WHERE idx = 1",
                          "DELETE FROM audit_entries", "TRUNCATE audit_entries",
                          "UPDATE audit_tile_hashes SET idx = 5", "TRUNCATE audit_tile_hashes",
                          "UPDATE audit_checkpoints SET note = ''", "TRUNCATE audit_checkpoints",
                          "DELETE FROM audit_tree_state", "TRUNCATE audit_tree_state"}) {
    Status st = owner->Exec(sql).status();
    EXPECT_EQ(st.code(), Code::kPermissionDenied) << sql << ": " << st.ToString();
    EXPECT_NE(st.message().find("append-only"), std::string::npos) << st.message();
  }
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
}

}  // namespace
}  // namespace garant::audit
