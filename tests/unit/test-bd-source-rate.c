/* Per-source rate limits (browserd/src/bd-source-rate.c; issue 8): one flooding address
 * is held to its rate while others pass, the table of addresses is bounded, and forged
 * addresses beyond it share one budget while the known ones keep theirs. Virtual time. */
#include "bd-source-rate.h"
#include "test-util.h"

#define T0 ((gint64)1000 * G_USEC_PER_SEC)
#define A 0x0A000001u
#define B 0x0A000002u

static guint
admit_n(BdSourceRate *r, guint32 ip, guint n, gint64 now_us)
{
    guint ok = 0;
    for (guint i = 0; i < n; i++)
        ok += bd_source_rate_admit(r, ip, now_us) ? 1 : 0;
    return ok;
}

static void
test_flooder_limited_others_pass(void)
{
    g_autoptr(BdSourceRate) r = bd_source_rate_new(10, 20, 64);
    CU_ASSERT_EQUAL(admit_n(r, A, 1000, T0), 20); /* the burst, then nothing */
    CU_ASSERT_EQUAL(admit_n(r, B, 5, T0), 5);     /* another source is not affected */
    /* one second later: 10 more for A */
    CU_ASSERT_EQUAL(admit_n(r, A, 1000, T0 + G_USEC_PER_SEC), 10);
    const BdSourceRateCounters *c = bd_source_rate_counters(r);
    CU_ASSERT_EQUAL(c->admitted, 35);
    CU_ASSERT_EQUAL(c->limited, 1000 - 20 + 1000 - 10);
    CU_ASSERT_EQUAL(c->shared, 0);
    CU_ASSERT_EQUAL(bd_source_rate_sources(r), 2);
}

static void
test_zero_rate_is_off(void)
{
    g_autoptr(BdSourceRate) r = bd_source_rate_new(0, 1, 16);
    CU_ASSERT_EQUAL(admit_n(r, A, 10000, T0), 10000);
    CU_ASSERT_EQUAL(bd_source_rate_sources(r), 0);
}

/* Forged addresses: the table stops at max_sources; the rest share one bucket, and the
 * sources known before keep their own. */
static void
test_table_bounded(void)
{
    g_autoptr(BdSourceRate) r = bd_source_rate_new(10, 5, 16);
    CU_ASSERT_EQUAL(admit_n(r, A, 1, T0), 1);
    guint shared_ok = 0;
    for (guint32 ip = 0x0B000000u; ip < 0x0B000000u + 100000; ip++)
        shared_ok += bd_source_rate_admit(r, ip, T0) ? 1 : 0;
    CU_ASSERT_EQUAL(bd_source_rate_sources(r), 16);
    CU_ASSERT_EQUAL(shared_ok, 15 + 5); /* 15 get a bucket each, then the shared burst */
    CU_ASSERT_EQUAL(admit_n(r, A, 10, T0), 4); /* A still has its own (5 - 1 used) */
    CU_ASSERT_EQUAL(bd_source_rate_counters(r)->shared, 100000 - 15);
}

/* Idle sources are forgotten when the table is full, once their bucket has refilled. */
static void
test_idle_swept(void)
{
    g_autoptr(BdSourceRate) r = bd_source_rate_new(10, 5, 16);
    for (guint32 ip = 1; ip <= 16; ip++)
        CU_ASSERT_TRUE(bd_source_rate_admit(r, ip, T0));
    CU_ASSERT_EQUAL(bd_source_rate_sources(r), 16);
    /* 0.1 s later: nobody has refilled (5 tokens take 0.5 s), so a new one shares */
    CU_ASSERT_TRUE(bd_source_rate_admit(r, 100, T0 + 100000));
    CU_ASSERT_EQUAL(bd_source_rate_counters(r)->shared, 1);
    /* 2 s later: all refilled, swept, the newcomer gets its own */
    CU_ASSERT_TRUE(bd_source_rate_admit(r, 101, T0 + 2 * G_USEC_PER_SEC));
    CU_ASSERT_EQUAL(bd_source_rate_sources(r), 1);
    CU_ASSERT_EQUAL(bd_source_rate_counters(r)->shared, 1);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"flooder limited, others pass", test_flooder_limited_others_pass},
        {"zero rate is off", test_zero_rate_is_off},
        {"table bounded", test_table_bounded},
        {"idle swept", test_idle_swept},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("bd-source-rate", tests);
}
