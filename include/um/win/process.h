/* PURPOSE: windows.h part (placeholder until its area lands). */
