/* PURPOSE: winsvc.h: the service control manager (placeholder until its area lands). */
