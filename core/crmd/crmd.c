/* crmd: the executable. Everything it does lives in libcrm. */
#include <crm/daemon.h>

int
main(int argc, char **argv)
{
    return crm_daemon_main(argc, argv);
}
