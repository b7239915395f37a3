"use client";
// TEMPORARY: interactive parts of the UI preview.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SwitchField } from "@/components/ui/switch";
import { CheckboxField } from "@/components/ui/checkbox";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";

export function Demo() {
  const [confirmOpen, setConfirmOpen] = useState(false);
  return (
    <Card>
      <CardHeader>
        <CardTitle>LDAP</CardTitle>
        <CardDescription>Connect to your directory to sync users and groups.</CardDescription>
      </CardHeader>
      <CardContent>
        <FormGrid>
          <FormField id="ldap-url" label="LDAP URL" description="ldap:// or ldaps:// address of the server.">
            <Input placeholder="ldaps://ldap.example.com:636" defaultValue="ldap://lldap:3890" />
          </FormField>
          <FormField id="ldap-base" label="Base DN" error="Base DN is required">
            <Input placeholder="dc=example,dc=com" />
          </FormField>
          <FormField id="ldap-bind" label="Bind DN">
            <Input defaultValue="uid=admin,ou=people,dc=example,dc=com" />
          </FormField>
          <FormField id="ldap-password" label="Bind password" description="Write-only: leave empty to keep the saved one.">
            <Input type="password" />
          </FormField>
          <FormField id="ldap-interval" label="Sync interval">
            <Select defaultValue="1h">
              <option value="15m">Every 15 minutes</option>
              <option value="1h">Every hour</option>
            </Select>
          </FormField>
          <FormField id="ldap-filter" label="User search filter">
            <Input defaultValue="(objectClass=person)" className="font-mono" disabled />
          </FormField>
          <FormGridFull>
            <FormField id="notes" label="Notes">
              <Textarea rows={2} />
            </FormField>
          </FormGridFull>
          <SwitchField id="ldap-enabled" label="LDAP enabled" description="Sync users and groups from the directory." defaultChecked />
          <CheckboxField id="skip-cert" label="Skip certificate verification" description="Only for testing." />
        </FormGrid>
      </CardContent>
      <CardFooter>
        <Button variant="outline" onClick={() => toast({ title: "Connection successful", description: "Found 42 users.", variant: "success" })}>
          Test connection
        </Button>
        <Button variant="destructive" onClick={() => setConfirmOpen(true)}>Delete</Button>
        <Dialog>
          <DialogTrigger asChild>
            <Button variant="secondary">Edit</Button>
          </DialogTrigger>
          <DialogContent title="Edit group" description="Change the group's friendly name.">
            <FormField id="friendly" label="Friendly name"><Input /></FormField>
            <DialogFooter>
              <DialogClose asChild><Button variant="outline">Cancel</Button></DialogClose>
              <Button>Save</Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
        <Button onClick={() => toast.error("Sync failed", "LDAP server did not answer within 60 s.")}>Save</Button>
        <ConfirmDialog
          open={confirmOpen}
          onOpenChange={setConfirmOpen}
          title="Delete user alice?"
          description="Her passkeys and sessions are removed. This cannot be undone."
          confirmLabel="Delete"
          onConfirm={() => new Promise((r) => setTimeout(r, 800))}
        />
      </CardFooter>
    </Card>
  );
}
