/*
 * PURPOSE: src/win32 private: the system message table (message_table.c).
 */
#ifndef _KMODE_WIN32_MESSAGE_H_
#define _KMODE_WIN32_MESSAGE_H_

typedef struct _BASEP_MESSAGE {
    ULONG Code;
    const char *Text;   /* ASCII; without the message's final line break */
} BASEP_MESSAGE;

extern const BASEP_MESSAGE BasepSystemMessages[];
extern const ULONG BasepSystemMessageCount;

#endif
