package i18n

func init() { add(a11yMessages) }

// a11yMessages are the texts only assistive technology reads or that appear on keyboard focus:
// the skip link, the name of the navigation, the headers of columns that hold only buttons.
var a11yMessages = map[string][2]string{
	"a11y.skip_to_main": {"跳到主要内容", "Skip to main content"},
	"a11y.main_nav":     {"主导航", "Main navigation"},
	"a11y.actions":      {"操作", "Actions"},
	"a11y.new_password": {"%s 的新密码", "New password for %s"},
}
