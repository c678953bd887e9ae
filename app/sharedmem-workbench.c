/* sharedmem-workbench — the GTK4 workbench: a thin main over ui/. */
#include "sm-application.h"

int main(int argc, char **argv)
{
	g_autoptr(SmApplication) app = sm_application_new();
	return g_application_run(G_APPLICATION(app), argc, argv);
}
