/*
 * PURPOSE: The share-access DDIs (driver mode): IoSetShareAccess, IoCheckShareAccess (with
 * and without Update), IoUpdateShareAccess, IoRemoveShareAccess on file objects a file
 * system would get: the counts, the flags recorded in the file object, and every kind of
 * conflict (access not shared by an existing open, an existing access not shared by the
 * new open), including that attribute-only opens never take part.
 */
#include <ntifs.h>
#include "ktest.h"

C_ASSERT(sizeof(SHARE_ACCESS) == 28);

static void FsShareExpect(KTEST *t, const SHARE_ACCESS *s, ULONG Open, ULONG R, ULONG W, ULONG D,
                          ULONG SR, ULONG SW, ULONG SD)
{
    KT_EXPECT_EQ(t, s->OpenCount, Open);
    KT_EXPECT_EQ(t, s->Readers, R);
    KT_EXPECT_EQ(t, s->Writers, W);
    KT_EXPECT_EQ(t, s->Deleters, D);
    KT_EXPECT_EQ(t, s->SharedRead, SR);
    KT_EXPECT_EQ(t, s->SharedWrite, SW);
    KT_EXPECT_EQ(t, s->SharedDelete, SD);
}

static void fs_share_test_set_and_records(KTEST *t)
{
    FILE_OBJECT a;
    SHARE_ACCESS s;

    RtlZeroMemory(&a, sizeof(a));
    RtlFillMemory(&s, sizeof(s), 0xCC);
    IoSetShareAccess(FILE_READ_DATA | FILE_WRITE_DATA, FILE_SHARE_READ, &a, &s);
    FsShareExpect(t, &s, 1, 1, 1, 0, 1, 0, 0);
    KT_EXPECT_TRUE(t, a.ReadAccess && a.WriteAccess && !a.DeleteAccess);
    KT_EXPECT_TRUE(t, a.SharedRead && !a.SharedWrite && !a.SharedDelete);
    /* Attributes only: nothing is counted. */
    RtlFillMemory(&s, sizeof(s), 0xCC);
    IoSetShareAccess(FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0, &a, &s);
    FsShareExpect(t, &s, 0, 0, 0, 0, 0, 0, 0);
    KT_EXPECT_FALSE(t, a.ReadAccess || a.WriteAccess || a.DeleteAccess);
}

static void fs_share_test_conflicts(KTEST *t)
{
    static const struct {
        ACCESS_MASK FirstAccess;
        ULONG FirstShare;
        ACCESS_MASK SecondAccess;
        ULONG SecondShare;
        NTSTATUS Expected;
    } Cases[] = {
        /* The new access must be shared by the existing open. */
        { FILE_READ_DATA, 0, FILE_READ_DATA, FILE_SHARE_READ, STATUS_SHARING_VIOLATION },
        { FILE_READ_DATA, FILE_SHARE_READ, FILE_READ_DATA, FILE_SHARE_READ, STATUS_SUCCESS },
        { FILE_READ_DATA, FILE_SHARE_READ, FILE_APPEND_DATA, FILE_SHARE_READ, STATUS_SHARING_VIOLATION },
        { FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_WRITE_DATA, FILE_SHARE_READ, STATUS_SUCCESS },
        { FILE_READ_DATA, FILE_SHARE_READ, DELETE, FILE_SHARE_READ, STATUS_SHARING_VIOLATION },
        { FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_DELETE, DELETE, FILE_SHARE_READ, STATUS_SUCCESS },
        { FILE_EXECUTE, FILE_SHARE_WRITE, FILE_EXECUTE, FILE_SHARE_READ | FILE_SHARE_WRITE, STATUS_SHARING_VIOLATION },
        /* The existing access must be shared by the new open. */
        { FILE_WRITE_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_READ_DATA, FILE_SHARE_READ, STATUS_SHARING_VIOLATION },
        { DELETE, FILE_SHARE_READ, FILE_READ_DATA, FILE_SHARE_READ, STATUS_SHARING_VIOLATION },
        { DELETE, FILE_SHARE_READ, FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_DELETE, STATUS_SUCCESS },
        /* Attribute-only opens never conflict, either way. */
        { FILE_READ_DATA, 0, FILE_READ_ATTRIBUTES, 0, STATUS_SUCCESS },
        { FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES, 0, FILE_WRITE_DATA, 0, STATUS_SUCCESS },
    };

    for (ULONG i = 0; i < RTL_NUMBER_OF(Cases); i++) {
        FILE_OBJECT a, b;
        SHARE_ACCESS s, before;
        NTSTATUS Status;

        RtlZeroMemory(&a, sizeof(a));
        RtlZeroMemory(&b, sizeof(b));
        IoSetShareAccess(Cases[i].FirstAccess, Cases[i].FirstShare, &a, &s);
        before = s;
        Status = IoCheckShareAccess(Cases[i].SecondAccess, Cases[i].SecondShare, &b, &s, TRUE);
        if (Status != Cases[i].Expected)
            KT_FAIL(t, "case %lu: status 0x%08lx, expected 0x%08lx", (unsigned long)i, (unsigned long)Status,
                    (unsigned long)Cases[i].Expected);
        /* A refused or uncounted open leaves the counts as they were. */
        if (!NT_SUCCESS(Status) || !(b.ReadAccess || b.WriteAccess || b.DeleteAccess))
            KT_EXPECT_TRUE(t, RtlCompareMemory(&s, &before, sizeof(s)) == sizeof(s));
        else
            KT_EXPECT_EQ(t, s.OpenCount, before.OpenCount + 1);
    }
}

static void fs_share_test_update_and_remove(KTEST *t)
{
    FILE_OBJECT a, b, c;
    SHARE_ACCESS s;

    RtlZeroMemory(&a, sizeof(a));
    RtlZeroMemory(&b, sizeof(b));
    RtlZeroMemory(&c, sizeof(c));
    IoSetShareAccess(FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, &a, &s);
    /* Check without Update, then count it. */
    KT_EXPECT_EQ(t, IoCheckShareAccess(FILE_WRITE_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, &b, &s, FALSE),
                 STATUS_SUCCESS);
    FsShareExpect(t, &s, 1, 1, 0, 0, 1, 1, 0);
    IoUpdateShareAccess(&b, &s);
    FsShareExpect(t, &s, 2, 1, 1, 0, 2, 2, 0);
    /* A third open that does not share writing is refused while b writes ... */
    KT_EXPECT_EQ(t, IoCheckShareAccess(FILE_READ_DATA, FILE_SHARE_READ, &c, &s, TRUE), STATUS_SHARING_VIOLATION);
    /* ... and allowed once b is gone. */
    IoRemoveShareAccess(&b, &s);
    FsShareExpect(t, &s, 1, 1, 0, 0, 1, 1, 0);
    KT_EXPECT_EQ(t, IoCheckShareAccess(FILE_READ_DATA, FILE_SHARE_READ, &c, &s, TRUE), STATUS_SUCCESS);
    FsShareExpect(t, &s, 2, 2, 0, 0, 2, 1, 0);
    IoRemoveShareAccess(&a, &s);
    IoRemoveShareAccess(&c, &s);
    FsShareExpect(t, &s, 0, 0, 0, 0, 0, 0, 0);
}

static KTEST_CASE cases[] = {
    KTEST_CASE_ENTRY(fs_share_test_set_and_records),
    KTEST_CASE_ENTRY(fs_share_test_conflicts),
    KTEST_CASE_ENTRY(fs_share_test_update_and_remove),
    {0}
};
KTEST_SUITE(fs_share, cases);
