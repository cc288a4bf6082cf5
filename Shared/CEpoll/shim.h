#ifndef PRESCIENT_CEPOLL_SHIM_H
#define PRESCIENT_CEPOLL_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <stdint.h>

/* struct epoll_event is packed on x86_64, which Swift does not lay out reliably: these helpers
   take and return plain integers so no Swift code touches the struct. */

static const uint32_t PRESCIENT_EPOLLIN = EPOLLIN;
static const uint32_t PRESCIENT_EPOLLOUT = EPOLLOUT;
static const uint32_t PRESCIENT_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t PRESCIENT_EPOLLERR = EPOLLERR;
static const uint32_t PRESCIENT_EPOLLHUP = EPOLLHUP;
static const uint32_t PRESCIENT_EPOLLONESHOT = EPOLLONESHOT;

static inline int prescient_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int prescient_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

static inline int prescient_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = 0;
    event.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline int prescient_epoll_add(int epfd, int fd, uint32_t events) { return prescient_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events); }
static inline int prescient_epoll_mod(int epfd, int fd, uint32_t events) { return prescient_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events); }
static inline int prescient_epoll_del(int epfd, int fd) { return prescient_epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0); }

/* Waits for up to `max` events; writes each ready descriptor and its mask. */
static inline int prescient_epoll_wait(int epfd, int *fds, uint32_t *masks, int max, int timeout_ms) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    int count = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < count; i++) {
        fds[i] = events[i].data.fd;
        masks[i] = events[i].events;
    }
    return count;
}
#endif
