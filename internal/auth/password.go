package auth

import (
	_ "embed" // the list of common passwords
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Cost is the bcrypt cost of new hashes. Tests lower it to bcrypt.MinCost to stay fast.
var Cost = bcrypt.DefaultCost

// MinPasswordLength is the least number of characters (not bytes) a password has.
const MinPasswordLength = 10

// Errors of HashPassword and CheckNewPassword.
var (
	ErrPasswordTooShort = fmt.Errorf("auth: password shorter than %d characters", MinPasswordLength)
	// ErrPasswordTooLong: bcrypt reads at most 72 bytes, which is 24 Chinese characters.
	// Refusing is better than silently ignoring the rest of what a person typed.
	ErrPasswordTooLong = errors.New("auth: password longer than 72 bytes")
	// ErrPasswordCommon: the password is in the list of common passwords shipped with the
	// binary, or is one character repeated or a run such as 1234567890.
	ErrPasswordCommon = errors.New("auth: password too common")
	// ErrPasswordIsUsername: the password is the username (ignoring case), or it reversed.
	ErrPasswordIsUsername = errors.New("auth: password is the username")
)

// IsPasswordError reports whether err refuses a password itself (one of the errors above).
func IsPasswordError(err error) bool {
	return errors.Is(err, ErrPasswordTooShort) || errors.Is(err, ErrPasswordTooLong) ||
		errors.Is(err, ErrPasswordCommon) || errors.Is(err, ErrPasswordIsUsername)
}

// HashPassword returns the bcrypt hash of pw, to be stored in place of the password.
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordRules(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), Cost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether pw matches hash.
//
// A password longer than HashPassword accepts never matches.
//
// Pass the empty hash when there is no such user (or the user is disabled): the check
// then runs against a dummy hash and takes as long as a real one, so the response time
// does not tell which usernames exist.
func CheckPassword(hash, pw string) bool {
	if hash == "" || len(pw) > 72 {
		// bcrypt ignores bytes beyond 72: never let such a password match.
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(pw[:min(len(pw), 72)]))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

var (
	dummyOnce sync.Once
	dummy     []byte
)

func dummyHash() []byte {
	dummyOnce.Do(func() {
		dummy, _ = bcrypt.GenerateFromPassword([]byte("selfeval-no-such-user"), Cost)
	})
	return dummy
}

// CheckPasswordRules refuses a password HashPassword would refuse (too short, too long, too
// common), without the cost of hashing it.
func CheckPasswordRules(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return ErrPasswordTooShort
	}
	if len(pw) > 72 {
		return ErrPasswordTooLong
	}
	if common(pw) {
		return ErrPasswordCommon
	}
	return nil
}

// CheckNewPassword refuses a password the rules refuse and the username itself.
func CheckNewPassword(username, pw string) error {
	if err := CheckPasswordRules(pw); err != nil {
		return err
	}
	u, p := strings.ToLower(strings.TrimSpace(username)), strings.ToLower(strings.TrimSpace(pw))
	r := []rune(u)
	slices.Reverse(r)
	if u != "" && (p == u || p == string(r)) {
		return ErrPasswordIsUsername
	}
	return nil
}

//go:embed common_passwords.txt
var commonList string

// commonPasswords is the list of common_passwords.txt, lower-case.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// common reports whether pw is in the list, one character repeated, or a run of consecutive
// characters up or down (1234567890, abcdefghij, 9876543210).
func common(pw string) bool {
	if commonPasswords[strings.ToLower(pw)] {
		return true
	}
	rs := []rune(strings.ToLower(pw))
	same, up, down := true, true, true
	for i := 1; i < len(rs); i++ {
		same = same && rs[i] == rs[0]
		up = up && rs[i] == rs[i-1]+1
		down = down && rs[i] == rs[i-1]-1
	}
	return same || up || down
}
