// The exclusion-list push transport over real sockets: http:// refused
// outside --dev, and a consumer's answer read only up to a cap.
#include "exclusions/push.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

namespace garant::server {
namespace {

TEST(ListPushTest, HttpConsumersAreRefusedOutsideDev) {
  HttpListPushTransport transport(std::chrono::seconds(2), "", /*allow_http=*/false);
  Status st = transport.Push("http://127.0.0.1:1/lists", 1, "0a1b2c3d", "{}\n");
  EXPECT_EQ(st.code(), Code::kFailedPrecondition) << st.ToString();
  EXPECT_NE(st.message().find("https://"), std::string::npos);
  // Under --dev the same URL is tried (and here refused by the closed port).
  HttpListPushTransport dev(std::chrono::seconds(2), "", /*allow_http=*/true);
  EXPECT_EQ(dev.Push("http://127.0.0.1:1/lists", 1, "0a1b2c3d", "{}\n").code(), Code::kUnavailable);
}

TEST(ListPushTest, AConsumersAnswerIsReadOnlyUpToTheCap) {
  // A consumer that accepts the list and then answers with an endless body.
  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
  std::atomic<int64_t> sent{0};
  std::thread consumer([&] {
    Poco::Net::StreamSocket s = listener.acceptConnection();
    char buf[4096];
    s.receiveBytes(buf, sizeof buf);  // the request (small)
    std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n";
    s.sendBytes(head.data(), static_cast<int>(head.size()));
    std::string chunk(64 << 10, 'x');
    try {
      // Bounded: at most 256 MiB, in case the client reads everything.
      while (sent < (256 << 20)) {
        int n = s.sendBytes(chunk.data(), static_cast<int>(chunk.size()));
        if (n <= 0) break;
        sent += n;
      }
    } catch (const Poco::Exception&) {  // the client closed: expected
    }
  });
  HttpListPushTransport transport(std::chrono::seconds(5), "", /*allow_http=*/true);
  std::string url = "http://127.0.0.1:" + std::to_string(listener.address().port()) + "/lists";
  Status st = transport.Push(url, 1, "0a1b2c3d", "{}\n");
  consumer.join();
  EXPECT_TRUE(st.ok()) << st.ToString();  // a 2xx is a delivery
  // What the consumer managed to send before garantd closed: the cap plus
  // what the sockets' buffers hold, far from the 1 GB announced.
  EXPECT_LT(sent.load(), 32 << 20);
  EXPECT_GE(HttpListPushTransport::kMaxResponseBody, 1 << 10);
}

}  // namespace
}  // namespace garant::server
