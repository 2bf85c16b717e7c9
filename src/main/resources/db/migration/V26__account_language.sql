-- The webmail language an account chose in Settings (a BCP 47 tag such as "ko"); NULL follows the browser.
ALTER TABLE account ADD COLUMN language VARCHAR(16);
